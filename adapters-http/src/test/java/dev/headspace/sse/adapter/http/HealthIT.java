package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code GET /health} after real traffic, and the JSON 404 of a path nothing serves. */
class HealthIT extends LiveServerTest {

    @Test
    void health_reportsConnectionsAndCounters() throws Exception {
        TestServer server = server(TestServer.builder().maxConnections(7).heartbeat(Duration.ofMillis(100)));
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);
        server.publish("x", "{}");
        client.nextEvent(WAIT);
        await().atMost(WAIT).until(() -> server.heartbeatsSent() > 0);

        RawSseClient health = connect(server, "/health");

        assertThat(health.status()).isEqualTo(200);
        JsonNode body = mapper.readTree(health.body(WAIT));
        assertThat(body.get("status").asText()).isEqualTo("ok");
        JsonNode sse = body.get("sse");
        assertThat(sse.get("status").asText()).isEqualTo("ok");
        assertThat(sse.get("active_connections").asInt()).isEqualTo(1);
        assertThat(sse.get("max_connections").asInt()).isEqualTo(7);
        assertThat(sse.get("events_broadcast").asLong()).isEqualTo(1);
        assertThat(sse.get("heartbeats_sent").asLong()).isPositive();
        assertThat(sse.get("clients_evicted").asLong()).isZero();
        assertThat(sse.get("disconnects").get("stalled").asLong()).isZero();
        assertThat(sse.get("queue_high_water").get("events").asInt()).isPositive();
        JsonNode replay = sse.get("replay");
        assertThat(replay.get("hits").asLong()).isZero();
        assertThat(replay.get("events_replayed").asLong()).isZero();
        assertThat(replay.get("resyncs").get("too_old").asLong()).isZero();
        assertThat(replay.get("log_events").asInt()).isEqualTo(1);
        assertThat(replay.get("log_bytes").asLong()).isPositive();
        assertThat(replay.get("oldest_id").asText()).isEqualTo(client.events().get(0).id());
    }

    @Test
    void unknownPath_gets404Json() throws Exception {
        TestServer server = server(TestServer.builder());

        RawSseClient missing = connect(server, "/nothing-here");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(mapper.readTree(missing.body(WAIT)).get("error").asText()).isEqualTo("not_found");
    }
}
