package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.adapter.http.testing.RawSseClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Heartbeats keep a quiet connection alive and are due only after a quiet heartbeat interval. */
class HeartbeatIT extends LiveServerTest {

    @Test
    void quietConnection_getsHeartbeats_andIsNeverEvictedForBeingQuiet() {
        TestServer server = server(TestServer.builder().heartbeat(Duration.ofMillis(200))
                .staleTimeout(Duration.ofMillis(600)));
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);

        await().atMost(WAIT).until(() -> client.comments().stream().filter("heartbeat"::equals).count() >= 8);

        assertThat(server.registry.size()).isEqualTo(1);
        assertThat(server.statistics.clientsEvicted()).isZero();
        assertThat(server.statistics.heartbeatsSent()).isGreaterThanOrEqualTo(8);
        assertThat(client.isEndOfStream()).isFalse();
    }

    @Test
    void events_resetTheHeartbeatClock() {
        TestServer server = server(TestServer.builder().heartbeat(Duration.ofMillis(300)));
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);

        // an event every 100 ms for 1.5 s keeps the connection busy: no heartbeat is due
        long end = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
        int sent = 0;
        while (System.nanoTime() < end) {
            server.publish("busy", "{}");
            sent++;
            client.nextEvent(WAIT);
            long next = System.nanoTime() + Duration.ofMillis(100).toNanos();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> System.nanoTime() >= next);
        }
        assertThat(client.comments()).doesNotContain("heartbeat");

        // once quiet, heartbeats come
        assertThat(client.nextComment(WAIT)).isEqualTo("heartbeat");
    }
}
