package dev.headspace.sse.adapter.http.ops;

import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.application.port.in.GetHealthUseCase;
import dev.headspace.sse.application.port.in.HealthReport;
import dev.headspace.sse.domain.QueueDepth;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: 200 while serving, 503 once shutdown has begun, with the stream side's counters. */
public final class HealthHandler implements HttpHandler {

    private final GetHealthUseCase health;
    private final JsonResponses json;

    public HealthHandler(GetHealthUseCase health, JsonResponses json) {
        this.health = health;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        HealthReport report = health.health();
        Map<String, Object> sse = new LinkedHashMap<>();
        sse.put("status", report.status());
        sse.put("active_connections", report.activeConnections());
        sse.put("max_connections", report.maxConnections());
        sse.put("events_broadcast", report.eventsBroadcast());
        sse.put("deliveries", report.deliveries());
        sse.put("heartbeats_sent", report.heartbeatsSent());
        sse.put("clients_evicted", report.clientsEvicted());
        sse.put("disconnects", report.disconnects());
        sse.put("queue_high_water", depth(report.queueHighWater()));
        Map<String, Object> replay = new LinkedHashMap<>();
        replay.put("hits", report.replays().hits());
        replay.put("events_replayed", report.replays().eventsReplayed());
        replay.put("resyncs", report.replays().resyncs());
        replay.put("log_events", report.log().held().events());
        replay.put("log_bytes", report.log().held().bytes());
        replay.put("oldest_id", report.log().oldestId() == null ? null : report.log().oldestId().toString());
        sse.put("replay", replay);
        Map<String, Object> events = new LinkedHashMap<>();
        events.put("published", report.eventsPublished());
        events.put("refused", report.eventsRefused());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.serving() ? "ok" : "shutting_down");
        body.put("sse", sse);
        body.put("events", events);
        json.send(exchange, report.serving() ? 200 : 503, body);
    }

    private static Map<String, Object> depth(QueueDepth depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", depth.events());
        out.put("bytes", depth.bytes());
        return out;
    }
}
