package dev.headspace.sse.benchmarks;

import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import java.time.Instant;
import java.util.Map;

/** Events shaped like the hub's real traffic, for the benchmarks. */
final class Events {

    /** A state_transition payload as the agent state machine writes it (about 150 bytes). */
    static final String STATE_TRANSITION = "{\"agent_id\":\"agent-17\",\"task_id\":\"5f0c2a1e-8d7b-4c2a-9b1e-3f6d2c9a7e41\","
            + "\"from_state\":\"processing\",\"to_state\":\"awaiting_input\",\"trigger\":\"agent:question\"}";

    /** {@link #STATE_TRANSITION} as the values its JSON holds, for the publish request's schema check. */
    static final Map<String, Object> STATE_TRANSITION_DATA = Map.of("agent_id", "agent-17",
            "task_id", "5f0c2a1e-8d7b-4c2a-9b1e-3f6d2c9a7e41", "from_state", "processing",
            "to_state", "awaiting_input", "trigger", "agent:question");

    private Events() {
    }

    /** A turn_detected payload whose text makes the whole about {@code bytes} long, with line breaks in it. */
    static String turn(int bytes) {
        StringBuilder text = new StringBuilder();
        while (text.length() < bytes) {
            text.append("The tests pass now; I changed the retry loop.\\n");
        }
        return "{\"session_uuid\":\"s-1\",\"actor\":\"agent\",\"text\":\"" + text + "\",\"source\":\"hook\","
                + "\"turn_timestamp\":\"2026-11-25T06:20:07Z\"}";
    }

    static NewEvent draft(String type, String project, String payload) {
        return new NewEvent(new EventType(type), new ProjectId(project), new AgentId("agent-17"), payload, null);
    }

    static Event event(EventId id, String type, String payload) {
        return draft(type, "proj-a", payload).withId(id, Instant.ofEpochMilli(id.millis()));
    }
}
