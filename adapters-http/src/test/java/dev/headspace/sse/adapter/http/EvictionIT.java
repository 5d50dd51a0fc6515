package dev.headspace.sse.adapter.http;

import static dev.headspace.sse.adapter.http.testing.TestEvents.blob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.domain.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients the server lets go so that the others keep receiving: stalled sockets, stale readers, slow consumers. */
@Timeout(90)
class EvictionIT extends LiveServerTest {

    @Test
    void clientWhoseSocketTakesNothing_isClosedAsStalled_afterTheStallTimeout() throws Exception {
        TestServer server = server(TestServer.builder().stallTimeout(Duration.ofMillis(500))
                .clientQueue(1_000_000, 1L << 30));
        RawSseClient stuck = connectWithoutReading(server);
        RawSseClient healthy = connect(server, "/api/events");
        await().atMost(WAIT).until(() -> server.clients() == 2);
        String payload = blob('s', 64 * 1024);

        // fill the stuck client's socket buffers until bytes wait for it; then it takes nothing more
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
            server.publish("big", payload);
            healthy.nextEvent(WAIT);
            return server.disconnects(CloseReason.STALLED) > 0;
        });

        assertThat(server.disconnects(CloseReason.STALLED)).isEqualTo(1);
        assertThat(server.disconnects(CloseReason.EVICTED_STALE)).isZero();
        await().atMost(WAIT).until(() -> server.clients() == 1);
        String after = server.publish("after", "{}").id().toString();
        assertThat(healthy.nextEvent(WAIT).id()).isEqualTo(after);
        // the server really closed the stuck connection: once its client reads again, the stream ends
        stuck.resumeReading();
        assertThat(stuck.awaitEndOfStream(WAIT)).isTrue();
    }

    @Test
    void clientThatStopsReading_isEvictedAfterTheStaleTimeout_othersKeepReceiving() throws Exception {
        TestServer server = server(TestServer.builder().staleTimeout(Duration.ofSeconds(1))
                .heartbeat(Duration.ofMillis(300)).clientQueue(1_000_000, 1L << 30));
        RawSseClient stuck = connectWithoutReading(server);
        RawSseClient healthy = connect(server, "/api/events");
        await().atMost(WAIT).until(() -> server.clients() == 2);
        String payload = blob('x', 64 * 1024);

        // fill the stuck client's socket buffers until the server has bytes waiting for it
        int published = 0;
        while (server.disconnects(CloseReason.EVICTED_STALE) == 0 && published < 2_000) {
            server.publish("big", payload);
            published++;
            healthy.awaitEvents(1, WAIT);
        }

        await().atMost(WAIT).until(() -> server.disconnects(CloseReason.EVICTED_STALE) == 1);
        assertThat(server.clients()).isEqualTo(1);
        assertThat(server.clientsEvicted()).isEqualTo(1);
        server.publish("after", "{}");
        assertThat(healthy.awaitRawBody(body -> body.contains("event: after"), WAIT)).contains("event: after");
        stuck.resumeReading();
        assertThat(stuck.awaitEndOfStream(WAIT)).isTrue();
    }

    @Test
    void clientPastItsQueueBound_isDisconnectedAsSlowConsumer_othersGetEverything() throws Exception {
        TestServer server = server(TestServer.builder().clientQueue(64, 1L << 30));
        RawSseClient slow = connectWithoutReading(server);
        RawSseClient reader = connect(server, "/api/events");
        await().atMost(WAIT).until(() -> server.clients() == 2);
        String payload = blob('y', 16 * 1024);

        int count = 600;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(server.publish("bulk", payload).id().toString());
            // the publisher keeps pace with the reader, never 16 events ahead of it, so only the client that does
            // not read at all passes the bound of 64
            int published = i + 1;
            await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> reader.events().size() >= published - 16);
        }

        assertThat(reader.awaitEvents(count, Duration.ofSeconds(20))).extracting(SseEvent::id).containsExactlyElementsOf(ids);
        await().atMost(WAIT).until(() -> server.disconnects(CloseReason.SLOW_CONSUMER) == 1);
        assertThat(server.clients()).isEqualTo(1);
        // what the server held for the client that read nothing never passed its bound of 64 events
        JsonNode highWater = mapper.readTree(connect(server, "/health").body(WAIT)).get("sse").get("queue_high_water");
        assertThat(highWater.get("events").asInt()).isBetween(60, 64);
        assertThat(highWater.get("bytes").asLong()).isLessThanOrEqualTo(64L * (16 * 1024 + 300));
        // the server really closed the slow connection: once its client reads again, the stream ends
        slow.resumeReading();
        assertThat(slow.awaitEndOfStream(WAIT)).isTrue();
    }
}
