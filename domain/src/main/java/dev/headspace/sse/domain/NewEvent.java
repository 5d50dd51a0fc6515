package dev.headspace.sse.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What a producer asks to publish: everything of an {@link Event} but its id, which the broadcast assigns.
 *
 * @param payloadJson the producer's data as the text of one JSON object (checked by the adapter that parsed it)
 * @param timestamp   when it happened, or null for "when it is broadcast"
 */
public record NewEvent(EventType type, ProjectId projectId, AgentId agentId, String payloadJson, Instant timestamp) {

    public NewEvent {
        Objects.requireNonNull(type, "'type' must not be null");
        payloadJson = payloadJson == null ? "{}" : payloadJson;
        if (payloadJson.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'data' must not contain NUL characters");
        }
    }

    public static NewEvent of(String type, String payloadJson) {
        return new NewEvent(new EventType(type), null, null, payloadJson, null);
    }

    public Event withId(EventId id, Instant now) {
        return new Event(id, type, projectId, agentId, payloadJson, timestamp == null ? now : timestamp);
    }
}
