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

        assertThat(server.clients()).isEqualTo(1);
        assertThat(server.clientsEvicted()).isZero();
        assertThat(server.heartbeatsSent()).isGreaterThanOrEqualTo(8);
        assertThat(client.isEndOfStream()).isFalse();
    }

    @Test
    void events_resetTheHeartbeatClock() {
        Duration heartbeat = Duration.ofMillis(500);
        TestServer server = server(TestServer.builder().heartbeat(heartbeat));
        RawSseClient client = connect(server, "/api/events");
        client.nextComment(WAIT);

        // an event on every poll, some 20 per heartbeat interval, for four intervals: the connection is never quiet
        // for a whole interval, so no heartbeat is due (a clock that events did not reset would write about four)
        await().during(heartbeat.multipliedBy(4)).atMost(heartbeat.multipliedBy(4).plus(WAIT))
                .pollInterval(Duration.ofMillis(25))
                .until(() -> {
                    server.publish("busy", "{}");
                    client.nextEvent(WAIT);
                    return !client.comments().contains("heartbeat");
                });

        // once quiet, heartbeats come
        assertThat(client.nextComment(WAIT)).isEqualTo("heartbeat");
    }
}
