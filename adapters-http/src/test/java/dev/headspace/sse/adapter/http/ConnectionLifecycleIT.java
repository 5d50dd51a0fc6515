package dev.headspace.sse.adapter.http;

import dev.headspace.sse.domain.EventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.domain.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Limits, departures, eviction, slow consumers, shutdown and health, against a real server and raw sockets. */
@Timeout(90)
class ConnectionLifecycleIT extends LiveServerTest {



    @Test
    void connectionPastTheLimit_gets503WithRetryAfterAndJson() throws Exception {
        TestServer server = server(TestServer.builder().maxConnections(2).retryAfter(Duration.ofSeconds(7)));
        connect(server, "/api/events").nextComment(WAIT);
        connect(server, "/api/events").nextComment(WAIT);

        RawSseClient refused = connect(server, "/api/events");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("7");
        JsonNode body = mapper.readTree(refused.body(WAIT));
        assertThat(body.get("error").asText()).isEqualTo("at_capacity");
        assertThat(body.get("message").asText()).contains("limit of 2");
        assertThat(server.clients()).isEqualTo(2);
    }

    @Test
    void concurrentConnects_countExactlyAgainstTheLimit() throws Exception {
        int limit = 10;
        int attempts = 30;
        TestServer server = server(TestServer.builder().maxConnections(limit));
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RawSseClient>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return connect(server, "/api/events");
            }));
        }
        start.countDown();
        int accepted = 0;
        int refused = 0;
        for (Future<RawSseClient> result : results) {
            int status = result.get(30, TimeUnit.SECONDS).status();
            if (status == 200) {
                accepted++;
            } else if (status == 503) {
                refused++;
            }
        }
        pool.shutdownNow();

        assertThat(accepted).isEqualTo(limit);
        assertThat(refused).isEqualTo(attempts - limit);
        assertThat(server.clients()).isEqualTo(limit);
        assertThat(server.clients()).isEqualTo(limit);
    }

    @Test
    void closedSocket_freesItsSlotWithinOneSecond_notAtTheNextHeartbeat() {
        TestServer server = server(TestServer.builder().maxConnections(1).heartbeat(Duration.ofSeconds(30)));
        RawSseClient tab = connect(server, "/api/events");
        tab.nextComment(WAIT);

        tab.close();

        await().atMost(Duration.ofSeconds(1)).until(() -> server.clients() == 0);
        assertThat(server.disconnects(CloseReason.CLIENT_GONE)).isEqualTo(1);
        RawSseClient next = connect(server, "/api/events");
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void clientWhoseSocketTakesNothing_isClosedAsStalled_afterTheStallTimeout() throws Exception {
        TestServer server = server(TestServer.builder().stallTimeout(Duration.ofMillis(500))
                .clientQueue(1_000_000, 1L << 30));
        RawSseClient stuck = connectWithoutReading(server);
        RawSseClient healthy = connect(server, "/api/events");
        await().atMost(WAIT).until(() -> server.clients() == 2);
        String payload = "{\"blob\":\"" + "s".repeat(64 * 1024) + "\"}";

        // fill the stuck client's socket buffers until bytes wait for it; then it takes nothing more
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.disconnects(CloseReason.STALLED) == 0 && System.nanoTime() - deadline < 0) {
            server.publish("big", payload);
            healthy.nextEvent(WAIT);
        }

        assertThat(server.disconnects(CloseReason.STALLED)).isEqualTo(1);
        assertThat(server.disconnects(CloseReason.EVICTED_STALE)).isZero();
        await().atMost(WAIT).until(() -> server.clients() == 1);
        assertThat(stuck.isReadingPaused()).isTrue();
        String after = server.publish("after", "{}").id().toString();
        assertThat(healthy.nextEvent(WAIT).id()).isEqualTo(after);
    }

    @Test
    void clientThatStopsReading_isEvictedAfterTheStaleTimeout_othersKeepReceiving() throws Exception {
        TestServer server = server(TestServer.builder().staleTimeout(Duration.ofSeconds(1))
                .heartbeat(Duration.ofMillis(300)).clientQueue(1_000_000, 1L << 30));
        RawSseClient stuck = connectWithoutReading(server);
        RawSseClient healthy = connect(server, "/api/events");
        await().atMost(WAIT).until(() -> server.clients() == 2);
        String payload = "{\"blob\":\"" + "x".repeat(64 * 1024) + "\"}";

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
    }

    @Test
    void clientPastItsQueueBound_isDisconnectedAsSlowConsumer_othersGetEverything() throws Exception {
        TestServer server = server(TestServer.builder().clientQueue(64, 1L << 30));
        RawSseClient slow = connectWithoutReading(server);
        RawSseClient reader = connect(server, "/api/events");
        await().atMost(WAIT).until(() -> server.clients() == 2);
        String payload = "{\"blob\":\"" + "y".repeat(16 * 1024) + "\"}";

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
        assertThat(slow.isReadingPaused()).isTrue();
        // what the server held for the client that read nothing never passed its bound of 64 events
        JsonNode highWater = mapper.readTree(connect(server, "/health").body(WAIT)).get("sse").get("queue_high_water");
        assertThat(highWater.get("events").asInt()).isBetween(60, 64);
        assertThat(highWater.get("bytes").asLong()).isLessThanOrEqualTo(64L * (16 * 1024 + 300));
    }

    @Test
    void gracefulShutdown_sendsEveryClientAFinalShutdownEvent_thenCloses() throws Exception {
        TestServer server = server(TestServer.builder());
        List<RawSseClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(connect(server, "/api/events"));
        }
        await().atMost(WAIT).until(() -> server.clients() == 3);
        String last = server.publish("before", "{}").id().toString();

        long started = System.nanoTime();
        boolean clean = server.shutdownGracefully(Duration.ofSeconds(5));

        assertThat(clean).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
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
    void health_whileShuttingDown_is503() throws Exception {
        TestServer server = server(TestServer.builder());
        server.core.shutdown().shutdown(Duration.ofSeconds(1));

        RawSseClient health = connect(server, "/health");

        assertThat(health.status()).isEqualTo(503);
        assertThat(mapper.readTree(health.body(WAIT)).get("status").asText()).isEqualTo("shutting_down");
    }

    @Test
    void unknownPath_gets404Json() throws Exception {
        TestServer server = server(TestServer.builder());

        RawSseClient missing = connect(server, "/nothing-here");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(mapper.readTree(missing.body(WAIT)).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void http10Client_getsAnUnchunkedStream() throws Exception {
        TestServer server = server(TestServer.builder());
        RawSseClient client = closedAfterTest(RawSseClient.builder(server.port(), "/api/events").http10().timeout(WAIT)
                .connect());
        client.nextComment(WAIT);

        String id = server.publish("old", "{\"v\":1}").id().toString();

        assertThat(client.chunked()).isFalse();
        assertThat(client.nextEvent(WAIT).id()).isEqualTo(id);
        server.shutdownGracefully(WAIT);
        assertThat(client.nextEvent(WAIT).event()).isEqualTo("shutdown");
        assertThat(client.awaitEndOfStream(WAIT)).isTrue();
    }

    @Test
    void manyThreadsConnectingLeavingAndBroadcasting_endWithExactCountAndNoLostDelivery() throws Exception {
        TestServer server = server(TestServer.builder().maxConnections(500));
        try (LogCapture logs = new LogCapture()) {
            int stayers = 20;
            List<RawSseClient> stay = new ArrayList<>();
            for (int i = 0; i < stayers; i++) {
                stay.add(connect(server, "/api/events?types=load"));
            }
            await().atMost(WAIT).until(() -> server.clients() == stayers);

            int publishers = 4;
            int perPublisher = 250;
            int churners = 8;
            ExecutorService pool = Executors.newFixedThreadPool(publishers + churners);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                work.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    for (int i = 0; i < perPublisher; i++) {
                        server.publish("load", "{\"i\":" + i + "}");
                    }
                    return null;
                }));
            }
            for (int c = 0; c < churners; c++) {
                work.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    for (int i = 0; i < 15; i++) {
                        try (RawSseClient visitor = RawSseClient.connect(server.port(), "/api/events", Map.of(), WAIT)) {
                            visitor.nextComment(WAIT);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : work) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdownNow();

            int total = publishers * perPublisher;
            for (RawSseClient client : stay) {
                List<SseEvent> events = client.awaitEvents(total, Duration.ofSeconds(20));
                assertThat(events).extracting(SseEvent::id).doesNotHaveDuplicates();
                assertThat(events).extracting(SseEvent::id)
                        .isSortedAccordingTo((a, b) -> dev.headspace.sse.domain.EventId.parse(a)
                                .compareTo(dev.headspace.sse.domain.EventId.parse(b)));
            }
            await().atMost(WAIT).until(() -> server.clients() == stayers);
            assertThat(server.clients()).isEqualTo(stayers);
            assertThat(server.eventsBroadcast()).isEqualTo(total);
            assertThat(logs.problems()).isEmpty();
        }
    }
}
