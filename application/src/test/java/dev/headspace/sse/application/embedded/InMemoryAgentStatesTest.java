package dev.headspace.sse.application.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.Trigger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryAgentStatesTest {

    private final InMemoryAgentStates states = new InMemoryAgentStates();

    private static AgentState state(String project, String agent, TaskState taskState) {
        return new AgentState(new ProjectId(project), new AgentId(agent), new TaskId("t"), taskState, Instant.EPOCH,
                Trigger.parse("user:command"));
    }

    @Test
    void empty_listsNoAgent() {
        assertThat(states.all()).isEmpty();
        assertThat(states.find(new ProjectId("p"), new AgentId("a"))).isEmpty();
    }

    @Test
    void all_isOrderedByProjectThenAgent() {
        states.record(state("beta", "b2", TaskState.COMMANDED));
        states.record(state("alpha", "a2", TaskState.COMMANDED));
        states.record(state("beta", "b1", TaskState.COMMANDED));
        states.record(state("alpha", "a1", TaskState.COMMANDED));

        assertThat(states.all()).extracting(state -> state.projectId() + "/" + state.agentId())
                .containsExactly("alpha/a1", "alpha/a2", "beta/b1", "beta/b2");
    }

    @Test
    void byProject_listsOnlyThatProjectsAgents() {
        states.record(state("alpha", "a1", TaskState.COMMANDED));
        states.record(state("beta", "a1", TaskState.PROCESSING));

        assertThat(states.byProject(new ProjectId("beta"))).containsExactly(state("beta", "a1", TaskState.PROCESSING));
        assertThat(states.byProject(new ProjectId("gamma"))).isEmpty();
    }

    @Test
    void put_replacesTheAgentsState() {
        states.record(state("alpha", "a1", TaskState.COMMANDED));
        states.record(state("alpha", "a1", TaskState.COMPLETE));

        assertThat(states.all()).containsExactly(state("alpha", "a1", TaskState.COMPLETE));
        assertThat(states.find(new ProjectId("alpha"), new AgentId("a1")))
                .contains(state("alpha", "a1", TaskState.COMPLETE));
    }
}
