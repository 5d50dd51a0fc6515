package dev.headspace.sse.adapter.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.application.testing.TestCore;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.TaskId;
import dev.headspace.sse.domain.TaskState;
import dev.headspace.sse.domain.Trigger;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventWriterTest {

    private final TestCore core = new TestCore();
    private final EventWriter writer = new EventWriter(core.core().publish(), new ObjectMapper());

    private static Map<String, Object> sessionEnded() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session_uuid", "s-1");
        data.put("reason", "exit");
        return data;
    }

    private static Event accepted(WriteResult result) {
        assertThat(result).isInstanceOf(WriteResult.Accepted.class);
        return ((WriteResult.Accepted) result).event();
    }

    @Test
    void knownType_isPublished_asCompactJson_withItsIds() {
        Instant at = Instant.parse("2025-01-02T03:04:05Z");

        Event event = accepted(writer.write("session_ended", sessionEnded(), "proj", "agent-1", null, at));

        assertThat(event.type().value()).isEqualTo("session_ended");
        assertThat(event.projectId()).isEqualTo(new ProjectId("proj"));
        assertThat(event.agentId()).isEqualTo(new AgentId("agent-1"));
        assertThat(event.timestamp()).isEqualTo(at);
        assertThat(event.payloadJson()).isEqualTo("{\"session_uuid\":\"s-1\",\"reason\":\"exit\"}");
        assertThat(core.published()).containsExactly(event);
    }

    @Test
    void taskId_isAddedToThePayload() {
        Event event = accepted(writer.write("session_ended", sessionEnded(), null, null, "task-7", null));

        assertThat(event.payloadJson()).isEqualTo("{\"session_uuid\":\"s-1\",\"reason\":\"exit\",\"task_id\":\"task-7\"}");
        assertThat(event.projectId()).isNull();
        assertThat(event.agentId()).isNull();
    }

    @Test
    void taskId_alreadyInThePayload_isKept() {
        Map<String, Object> data = sessionEnded();
        data.put("task_id", "from-payload");

        Event event = accepted(writer.write("session_ended", data, null, null, "task-7", null));

        assertThat(event.payloadJson()).contains("\"task_id\":\"from-payload\"").doesNotContain("task-7");
    }

    @Test
    void unknownType_isRefused_namingTheType_andNothingIsPublished() {
        WriteResult result = writer.write("custom.metric", Map.of(), null, null, null, null);

        assertThat(result).isInstanceOfSatisfying(WriteResult.Refused.class, refused -> {
            assertThat(refused.field()).isEqualTo("type");
            assertThat(refused.message()).startsWith("'type' custom.metric is not a type the event writer writes");
        });
        assertThat(core.published()).isEmpty();
    }

    @Test
    void badTypeSyntax_isRefused_withTheRule() {
        assertThat(writer.write("bad type", Map.of(), null, null, null, null)).isEqualTo(new WriteResult.Refused(
                "type", "'type' must be 1-64 characters of [A-Za-z0-9_.:-], got \"bad type\""));
        assertThat(writer.write(null, Map.of(), null, null, null, null))
                .isEqualTo(new WriteResult.Refused("type", "'type' must not be null"));
    }

    @Test
    void badIds_areRefused_withTheirMessages_neverThrown() {
        assertThat(writer.write("session_ended", sessionEnded(), "proj/x", null, null, null)).isEqualTo(
                new WriteResult.Refused("project_id",
                        "'project_id' must be 1-64 characters of [A-Za-z0-9_.:-], got \"proj/x\""));
        assertThat(writer.write("session_ended", sessionEnded(), null, "", null, null))
                .isInstanceOfSatisfying(WriteResult.Refused.class,
                        refused -> assertThat(refused.field()).isEqualTo("agent_id"));
        assertThat(writer.write("session_ended", sessionEnded(), null, null, "a\nb", null))
                .isInstanceOfSatisfying(WriteResult.Refused.class,
                        refused -> assertThat(refused.message()).startsWith("'task_id' must be"));
        assertThat(core.published()).isEmpty();
    }

    @Test
    void missingRequiredField_isRefused_byTheSchema_andNothingIsPublished() {
        Map<String, Object> data = sessionEnded();
        data.put("reason", null);

        assertThat(writer.write("session_ended", data, null, null, null, null)).isEqualTo(
                new WriteResult.Refused("data.reason", "'data.reason' is required for type session_ended"));
        assertThat(core.published()).isEmpty();
    }

    @Test
    void payloadJacksonCannotWrite_isRefused_onData() {
        Map<String, Object> data = sessionEnded();
        data.put("unwritable", new Object());

        assertThat(writer.write("session_ended", data, null, null, null, null))
                .isInstanceOfSatisfying(WriteResult.Refused.class, refused -> {
                    assertThat(refused.field()).isEqualTo("data");
                    assertThat(refused.message()).startsWith("'data' cannot be written as JSON");
                });
        assertThat(core.published()).isEmpty();
    }

    @Test
    void nullPayload_ofAKnownType_isRefused_onItsFirstField() {
        assertThat(writer.write("hook_received", null, null, null, null, null)).isEqualTo(
                new WriteResult.Refused("data.hook_type", "'data.hook_type' is required for type hook_received"));
    }

    @Test
    void conveniences_writeTheirTypesWithTheRequiredFields() {
        accepted(writer.sessionRegistered("p", "a", "s-1", "/repo", "/repo/sub"));
        accepted(writer.sessionEnded("p", "a", "s-1", "exit"));
        accepted(writer.turnDetected("p", "a", "s-1", "user", "hello", "hook", Instant.parse("2025-01-01T00:00:00Z")));
        accepted(writer.hookReceived("p", "a", "stop", "s-1", "/repo"));
        accepted(writer.stateTransition(new ProjectId("p"), new AgentId("a"), new TaskId("t-1"), TaskState.IDLE,
                TaskState.COMMANDED, Trigger.parse("user:command")));

        assertThat(core.published()).extracting(Event::payloadJson).containsExactly(
                "{\"session_uuid\":\"s-1\",\"project_path\":\"/repo\",\"working_directory\":\"/repo/sub\"}",
                "{\"session_uuid\":\"s-1\",\"reason\":\"exit\"}",
                "{\"session_uuid\":\"s-1\",\"actor\":\"user\",\"text\":\"hello\",\"source\":\"hook\","
                        + "\"turn_timestamp\":\"2025-01-01T00:00:00Z\"}",
                "{\"hook_type\":\"stop\",\"session_id\":\"s-1\",\"working_directory\":\"/repo\"}",
                "{\"agent_id\":\"a\",\"task_id\":\"t-1\",\"from_state\":\"idle\",\"to_state\":\"commanded\","
                        + "\"trigger\":\"user:command\"}");
        assertThat(core.published()).extracting(event -> event.type().value()).containsExactly(
                "session_registered", "session_ended", "turn_detected", "hook_received", "state_transition");
    }

    @Test
    void convenience_withAMissingValue_isRefused() {
        assertThat(writer.turnDetected("p", "a", "s-1", "user", "hello", "hook", null)).isEqualTo(
                new WriteResult.Refused("data.turn_timestamp", "'data.turn_timestamp' is required for type turn_detected"));
    }

    @Test
    void payloadGiven_isNotModified() {
        Map<String, Object> data = new HashMap<>(sessionEnded());

        writer.write("session_ended", data, null, null, "task-7", null);

        assertThat(data).doesNotContainKey("task_id");
    }
}
