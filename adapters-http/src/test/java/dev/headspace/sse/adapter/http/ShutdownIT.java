package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.domain.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Graceful shutdown as clients and probes see it: a final event, closed streams, refused newcomers, 503 health. */
class ShutdownIT extends LiveServerTest {

    @Test
    void gracefulShutdown_sendsEveryClientAFinalShutdownEvent_thenCloses() throws Exception {
        try (LogCapture log = new LogCapture()) {
            shutDownWithThreeClients();
            assertThat(log.problems()).as("nothing failed while the server stopped").isEmpty();
        }
    }

    private void shutDownWithThreeClients() throws Exception {
        TestServer server = server(TestServer.builder());
        List<RawSseClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(connect(server, "/api/events"));
        }
        await().atMost(WAIT).until(() -> server.clients() == 3);
        String last = server.publish("before", "{}").id().toString();

        // every client is told at once and leaves, so the shutdown ends long before its own timeout
        boolean clean = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> server.shutdownGracefully(Duration.ofSeconds(30)));

        assertThat(clean).isTrue();
        for (RawSseClient client : clients) {
            List<SseEvent> events = client.awaitEvents(2, WAIT);
            assertThat(events.get(0).id()).isEqualTo(last);
            assertThat(events.get(1).event()).isEqualTo("shutdown");
            assertThat(events.get(1).id()).isNull();
            assertThat(events.get(1).retry()).isPositive();
            assertThat(client.awaitEndOfStream(WAIT)).isTrue();
            assertThat(client.endReason().clean()).isTrue();
        }
        assertThat(server.disconnects(CloseReason.SHUTDOWN)).isEqualTo(3);
        assertThat(server.clients()).isZero();
    }

    @Test
    void afterShutdownBegins_newSubscriptionsAreRefused() throws Exception {
        TestServer server = server(TestServer.builder());
        server.core.shutdown().shutdown(Duration.ofSeconds(1));

        RawSseClient late = connect(server, "/api/events");

        assertThat(late.status()).isEqualTo(503);
        assertThat(mapper.readTree(late.body(WAIT)).get("error").asText()).isEqualTo("shutting_down");
    }

    @Test
    void health_whileShuttingDown_is503() throws Exception {
        TestServer server = server(TestServer.builder());
        server.core.shutdown().shutdown(Duration.ofSeconds(1));

        RawSseClient health = connect(server, "/health");

        assertThat(health.status()).isEqualTo(503);
        assertThat(mapper.readTree(health.body(WAIT)).get("status").asText()).isEqualTo("shutting_down");
    }
}
