package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.BackendStatus;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.QueueDepth;
import java.util.Map;
import java.util.Objects;

/**
 * The stream side's state and counters.
 *
 * @param status          {@code ok}, {@code at_capacity} or {@code shutting_down}
 * @param disconnects     closed streams by reason label ({@code client_gone}, {@code slow_consumer}, ...)
 * @param eventsPublished events producers had accepted (HTTP publish API and event writer)
 * @param eventsRefused   events producers had refused for a broken rule; nothing of them was published
 * @param queueHighWater  the deepest send queue any client has had, in events and in bytes
 * @param backend         how the node follows a shared event log, or null on the embedded one
 * @param eventsUnavailable events producers offered while the shared log could not be reached; none was published
 * @param outbox          what waits in the in-process producers' outbox, or null on the embedded log
 */
public record HealthReport(String status, int activeConnections, int maxConnections, long eventsBroadcast,
                           long deliveries, long heartbeatsSent, long clientsEvicted,
                           Map<String, Long> disconnects, long eventsPublished, long eventsRefused,
                           Replays replays, QueueDepth queueHighWater, Log log, BackendStatus backend,
                           long eventsUnavailable, Outbox outbox) {

    /** A report of a node on the embedded log. */
    public HealthReport(String status, int activeConnections, int maxConnections, long eventsBroadcast,
                        long deliveries, long heartbeatsSent, long clientsEvicted, Map<String, Long> disconnects,
                        long eventsPublished, long eventsRefused, Replays replays, QueueDepth queueHighWater, Log log) {
        this(status, activeConnections, maxConnections, eventsBroadcast, deliveries, heartbeatsSent, clientsEvicted,
                disconnects, eventsPublished, eventsRefused, replays, queueHighWater, log, null, 0, null);
    }

    public HealthReport {
        disconnects = Map.copyOf(disconnects);
        Objects.requireNonNull(replays, "'replays' must not be null");
        Objects.requireNonNull(queueHighWater, "'queue_high_water' must not be null");
        Objects.requireNonNull(log, "'log' must not be null");
    }

    /**
     * The in-process producers' outbox on a shared log.
     *
     * @param events     events waiting now for the log to answer
     * @param maxEvents  the bound ({@code HEADSPACE_REDIS_OUTBOX_EVENTS})
     * @param overflowed events not taken because it was full (each also counted as unavailable)
     */
    public record Outbox(int events, int maxEvents, long overflowed) {
    }

    /**
     * How reconnecting clients fared.
     *
     * @param hits           clients served from the log (including those that had missed nothing)
     * @param eventsReplayed events sent to them from the log
     * @param resyncs        clients told to reload their state, by reason label ({@code too_old}, ...)
     */
    public record Replays(long hits, long eventsReplayed, Map<String, Long> resyncs) {
        public Replays {
            resyncs = Map.copyOf(resyncs);
        }
    }

    /**
     * What the event log holds.
     *
     * @param oldestId the oldest id held, or null when it holds none
     */
    public record Log(QueueDepth held, EventId oldestId) {
        public Log {
            Objects.requireNonNull(held, "'held' must not be null");
        }
    }

    public boolean serving() {
        return !"shutting_down".equals(status);
    }

    /** Serving, but on a shared log it cannot reach or does not keep up with. */
    public boolean degraded() {
        return serving() && backend != null && !backend.ok();
    }
}
