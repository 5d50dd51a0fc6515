package dev.headspace.sse.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * How a node follows a shared event log.
 *
 * @param type          the kind of log ({@code redis})
 * @param status        {@code ok}, or {@code degraded} while the log cannot be reached or the reader stalls
 * @param reason        why it is degraded, or null when ok
 * @param since         when the status last changed
 * @param lastAppliedId the newest entry this node has applied, or null before the first
 * @param lagEvents     entries appended to the log that this node has not applied yet, or -1 when unknown
 */
public record BackendStatus(String type, String status, String reason, Instant since, EventId lastAppliedId,
                            long lagEvents) {

    public BackendStatus {
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(since, "'since' must not be null");
    }

    public boolean ok() {
        return "ok".equals(status);
    }
}
