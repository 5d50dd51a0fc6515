package dev.headspace.sse.adapter.redis;

import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import io.lettuce.core.StreamMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One of our entries of the stream: the event's fields, its global sequence number and the log's epoch. An entry
 * without them (written by something else) is foreign: {@link #read} returns null, and it is skipped.
 */
record StreamEntry(EventId id, long sequence, String epoch, NewEvent event) {

    static final String SEQUENCE = "seq";
    static final String EPOCH = "epoch";

    /** The field values the append script writes after {@code seq} and {@code epoch}, in its order. */
    static List<String> fields(NewEvent event) {
        return List.of(event.type().value(),
                event.projectId() == null ? "" : event.projectId().value(),
                event.agentId() == null ? "" : event.agentId().value(),
                event.timestamp() == null ? "" : event.timestamp().toString(),
                event.payloadJson());
    }

    /** The entry, or null when it is not one of ours (a field missing or unreadable). */
    static StreamEntry read(StreamMessage<String, String> message) {
        Map<String, String> body = message.getBody();
        try {
            String seq = body.get(SEQUENCE);
            String epoch = body.get(EPOCH);
            String type = body.get("type");
            String data = body.get("data");
            if (seq == null || epoch == null || type == null || data == null) {
                return null;
            }
            String project = body.getOrDefault("project", "");
            String agent = body.getOrDefault("agent", "");
            String ts = body.getOrDefault("ts", "");
            NewEvent event = new NewEvent(new EventType(type), project.isEmpty() ? null : new ProjectId(project),
                    agent.isEmpty() ? null : new AgentId(agent), data, ts.isEmpty() ? null : Instant.parse(ts));
            return new StreamEntry(EventId.parse(message.getId()), Long.parseLong(seq), epoch, event);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    Event toEvent() {
        return event.withId(id, Instant.ofEpochMilli(id.millis()));
    }
}
