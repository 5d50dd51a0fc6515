package dev.headspace.sse.adapter.http.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headspace.sse.application.port.in.HealthReport;
import dev.headspace.sse.domain.BackendStatus;
import dev.headspace.sse.domain.QueueDepth;
import java.util.Map;

/**
 * The body of {@code GET /health}: whether the node serves, the stream side's counters and the producers', and on a
 * shared event log how the node follows it ({@code backend}, left out on the embedded log).
 */
record HealthJson(
        @JsonProperty("status") String status,
        @JsonProperty("sse") Sse sse,
        @JsonProperty("events") Events events,
        @JsonProperty("backend") @JsonInclude(JsonInclude.Include.NON_NULL) Backend backend) {

    static HealthJson fromDomain(HealthReport report) {
        String status = !report.serving() ? "shutting_down" : report.degraded() ? "degraded" : "ok";
        return new HealthJson(status, Sse.fromDomain(report),
                new Events(report.eventsPublished(), report.eventsRefused(),
                        report.backend() == null ? null : report.eventsUnavailable()),
                report.backend() == null ? null : Backend.fromDomain(report.backend(), report.outbox()));
    }

    /** How the node follows the shared event log. */
    record Backend(
            @JsonProperty("type") String type,
            @JsonProperty("status") String status,
            @JsonProperty("reason") String reason,
            @JsonProperty("since") String since,
            @JsonProperty("last_applied_id") String lastAppliedId,
            @JsonProperty("lag_events") long lagEvents,
            @JsonProperty("outbox") @JsonInclude(JsonInclude.Include.NON_NULL) Outbox outbox) {

        static Backend fromDomain(BackendStatus backend, HealthReport.Outbox outbox) {
            return new Backend(backend.type(), backend.status(), backend.reason(), backend.since().toString(),
                    backend.lastAppliedId() == null ? null : backend.lastAppliedId().toString(), backend.lagEvents(),
                    outbox == null ? null : new Outbox(outbox.events(), outbox.maxEvents(), outbox.overflowed()));
        }
    }

    /** The in-process producers' events waiting for the shared log, its bound, and those it had no room for. */
    record Outbox(@JsonProperty("events") int events, @JsonProperty("max_events") int maxEvents,
                  @JsonProperty("overflowed") long overflowed) {
    }

    /** The stream side. */
    record Sse(
            @JsonProperty("status") String status,
            @JsonProperty("active_connections") int activeConnections,
            @JsonProperty("max_connections") int maxConnections,
            @JsonProperty("events_broadcast") long eventsBroadcast,
            @JsonProperty("deliveries") long deliveries,
            @JsonProperty("heartbeats_sent") long heartbeatsSent,
            @JsonProperty("clients_evicted") long clientsEvicted,
            @JsonProperty("disconnects") Map<String, Long> disconnects,
            @JsonProperty("queue_high_water") Depth queueHighWater,
            @JsonProperty("replay") Replay replay) {

        static Sse fromDomain(HealthReport report) {
            return new Sse(report.status(), report.activeConnections(), report.maxConnections(),
                    report.eventsBroadcast(), report.deliveries(), report.heartbeatsSent(), report.clientsEvicted(),
                    report.disconnects(), Depth.fromDomain(report.queueHighWater()), Replay.fromDomain(report));
        }
    }

    /** Events and the bytes they take. */
    record Depth(@JsonProperty("events") int events, @JsonProperty("bytes") long bytes) {

        static Depth fromDomain(QueueDepth depth) {
            return new Depth(depth.events(), depth.bytes());
        }
    }

    /** How reconnecting clients fared, and what the log holds for them. */
    record Replay(
            @JsonProperty("hits") long hits,
            @JsonProperty("events_replayed") long eventsReplayed,
            @JsonProperty("resyncs") Map<String, Long> resyncs,
            @JsonProperty("log_events") int logEvents,
            @JsonProperty("log_bytes") long logBytes,
            @JsonProperty("oldest_id") String oldestId) {

        static Replay fromDomain(HealthReport report) {
            HealthReport.Replays replays = report.replays();
            HealthReport.Log log = report.log();
            return new Replay(replays.hits(), replays.eventsReplayed(), replays.resyncs(), log.held().events(),
                    log.held().bytes(), log.oldestId() == null ? null : log.oldestId().toString());
        }
    }

    /** What producers had accepted and refused, and on a shared log, offered while it was unavailable. */
    record Events(@JsonProperty("published") long published, @JsonProperty("refused") long refused,
                  @JsonProperty("unavailable") @JsonInclude(JsonInclude.Include.NON_NULL) Long unavailable) {
    }
}
