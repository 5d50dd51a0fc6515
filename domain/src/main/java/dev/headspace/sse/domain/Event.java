package dev.headspace.sse.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened in the fleet, as clients receive it.
 *
 * @param projectId   null when the event is about no project
 * @param agentId     null when the event is about no agent
 * @param payloadJson the producer's data: the text of one JSON object
 */
public record Event(EventId id, EventType type, ProjectId projectId, AgentId agentId, String payloadJson,
                    Instant timestamp) {

    public Event {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(payloadJson, "'data' must not be null");
        Objects.requireNonNull(timestamp, "'timestamp' must not be null");
    }
}
