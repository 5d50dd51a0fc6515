package dev.headspace.sse.adapter.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.Trigger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AgentStatesJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void agents_areWrittenWithEveryFieldInTheDocumentedOrder() throws Exception {
        AgentState state = new AgentState(new ProjectId("proj-a"), new AgentId("agent-1"), new TaskId("t-9"),
                TaskState.AWAITING_INPUT, Instant.parse("2026-11-25T06:20:07.123Z"), Trigger.parse("agent:question"));

        String json = mapper.writeValueAsString(AgentStatesJson.fromDomain(List.of(state)));

        assertThat(json).isEqualTo("{\"agents\":[{\"project_id\":\"proj-a\",\"agent_id\":\"agent-1\",\"task_id\":\"t-9\","
                + "\"state\":\"awaiting_input\",\"updated_at\":\"2026-11-25T06:20:07.123Z\","
                + "\"last_trigger\":\"agent:question\"}]}");
    }

    @Test
    void noAgents_isAnEmptyList() throws Exception {
        assertThat(mapper.writeValueAsString(AgentStatesJson.fromDomain(List.of()))).isEqualTo("{\"agents\":[]}");
    }
}
