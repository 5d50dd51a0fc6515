package dev.headspace.sse.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.adapter.redis.testing.TestRedis;
import dev.headspace.sse.domain.EventId;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two nodes, the shipped jar twice, on one Redis: one order everywhere, resume on the other node, Redis outages. */
@Timeout(180)
class TwoNodesIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String TOKEN = "two-nodes-token-0123456";
    private static final Pattern IDS = Pattern.compile("\"([0-9]+-[0-9]+)\"");
    private static TestRedis redis;
    private final ShippedJar jar = new ShippedJar();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final String streamKey = "two-nodes:" + UUID.randomUUID();

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        jar.close();
    }

    /** Starts a node on the shared stream and waits until it serves; returns its port. */
    private int node() throws IOException {
        return jar.serve(Map.of("HEADSPACE_BACKEND", "redis", "HEADSPACE_REDIS_URI", redis.uri(),
                "HEADSPACE_REDIS_STREAM_KEY", streamKey, "HEADSPACE_PUBLISH_TOKEN", TOKEN,
                "HEADSPACE_SSE_HEARTBEAT_INTERVAL", "1s"));
    }

    private static PublishClient.Response health(int port) {
        return PublishClient.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build());
    }

    private RawSseClient stream(int port, Map<String, String> headers) throws IOException {
        RawSseClient client = RawSseClient.connect(port, "/api/events", headers, WAIT);
        clients.add(client);
        assertThat(client.status()).isEqualTo(200);
        return client;
    }

    private static PublishClient.Response post(int port, String body) {
        return PublishClient.post(port, "/api/events",
                Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"), body);
    }

    /** Publishes a batch of {@code count} events and returns their ids. */
    private static List<EventId> publish(int port, String type, int count) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"").append(type).append("\",\"data\":{\"i\":")
                    .append(i).append("}}");
        }
        PublishClient.Response response = post(port, body.append("]").toString());
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return ids(response);
    }

    /** The ids an accepted publish answered with. */
    private static List<EventId> ids(PublishClient.Response response) {
        List<EventId> ids = new ArrayList<>();
        Matcher id = IDS.matcher(response.body());
        while (id.find()) {
            ids.add(EventId.parse(id.group(1)));
        }
        return ids;
    }

    private static List<EventId> eventIds(RawSseClient client, String type) {
        return client.events().stream().filter(e -> type.equals(e.event()))
                .map(e -> EventId.parse(e.id())).toList();
    }

    @Test
    void publishedOnEitherNode_everyClientOnBothNodesGetsTheSameIds_inOneOrder() throws Exception {
        int a = node();
        int b = node();
        RawSseClient onA = stream(a, Map.of());
        RawSseClient onB = stream(b, Map.of());

        List<EventId> published = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            published.addAll(publish(round % 2 == 0 ? a : b, "order", 3));
        }

        await().atMost(WAIT).until(() -> eventIds(onA, "order").size() == 30 && eventIds(onB, "order").size() == 30);
        assertThat(eventIds(onB, "order")).isEqualTo(eventIds(onA, "order")).isSorted()
                .containsExactlyInAnyOrderElementsOf(published);
        SseEvent first = onB.events().stream().filter(e -> "order".equals(e.event())).findFirst().orElseThrow();
        assertThat(first.data()).contains("\"id\":\"" + first.id() + "\"", "\"type\":\"order\"", "\"data\":{\"i\":0}");
    }

    @Test
    void aNodeStartedAfterTransitionsWerePublished_showsTheSameAgentsAsTheNodeThatSawThem() throws Exception {
        int a = node();
        for (String move : List.of("\"from_state\":\"idle\",\"to_state\":\"commanded\",\"trigger\":\"user:command\"",
                "\"from_state\":\"commanded\",\"to_state\":\"awaiting_input\",\"trigger\":\"agent:question\"")) {
            PublishClient.Response accepted = post(a, "{\"type\":\"state_transition\",\"project_id\":\"proj-a\","
                    + "\"data\":{\"agent_id\":\"agent-1\",\"task_id\":\"t-1\"," + move + "}}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        }
        await().atMost(WAIT).until(() -> agents(a).contains("\"state\":\"awaiting_input\""));

        int late = node();

        assertThat(agents(late)).isEqualTo(agents(a)).contains("\"agent_id\":\"agent-1\"");
    }

    private static String agents(int port) {
        return PublishClient.get(port, "/api/agents").body();
    }

    @Test
    void sameBatchWithTheSameIdempotencyKey_onEitherNode_getsTheSameIds_andClientsGetItOnce() throws Exception {
        int a = node();
        int b = node();
        RawSseClient onB = stream(b, Map.of());
        Map<String, String> keyed = Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json",
                "Idempotency-Key", "producer-7:batch.42");
        String body = "[{\"type\":\"idem\",\"data\":{\"i\":0}},{\"type\":\"idem\",\"data\":{\"i\":1}}]";

        PublishClient.Response first = PublishClient.post(a, "/api/events", keyed, body);
        // the producer never saw the answer, and sends again through the balancer, which picks the other node
        PublishClient.Response retried = PublishClient.post(b, "/api/events", keyed, body);
        List<EventId> marker = publish(a, "idem", 1);

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(ids(retried)).hasSize(2).isEqualTo(ids(first));
        await().atMost(WAIT).until(() -> eventIds(onB, "idem").contains(marker.get(0)));
        assertThat(eventIds(onB, "idem")).containsExactly(ids(first).get(0), ids(first).get(1), marker.get(0));
        PublishClient.Response bad = PublishClient.post(a, "/api/events", Map.of("Authorization", "Bearer " + TOKEN,
                "Content-Type", "application/json", "Idempotency-Key", "not a key"), body);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"Idempotency-Key\"", "[A-Za-z0-9_.:-]");
        assertThat(health(a).body()).contains("\"outbox\":{\"events\":0,\"max_events\":10000,\"overflowed\":0}");
    }

    @Test
    void nodeKilledMidStream_itsClientResumesOnTheOtherNode_noEventLostDuplicatedOrReordered() throws Exception {
        int a = node();
        int b = node();
        RawSseClient onA = stream(a, Map.of());
        List<EventId> published = new ArrayList<>();

        for (int batch = 0; batch < 100; batch++) {
            published.addAll(publish(b, "load", 10));
            if (batch == 40) {
                await().atMost(WAIT).until(() -> eventIds(onA, "load").size() >= 200);
                jar.servingOn(a).destroyForcibly();
                assertThat(jar.servingOn(a).waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
        }
        List<EventId> beforeKill = eventIds(onA, "load");
        RawSseClient resumed = stream(b, Map.of("Last-Event-ID", beforeKill.get(beforeKill.size() - 1).toString()));
        await().atMost(WAIT).until(() -> beforeKill.size() + eventIds(resumed, "load").size() >= 1_000);

        List<EventId> received = new ArrayList<>(beforeKill);
        received.addAll(eventIds(resumed, "load"));
        assertThat(published).hasSize(1_000).isSorted();
        assertThat(received).isEqualTo(published);
        assertThat(resumed.events()).noneMatch(e -> "resync".equals(e.event()));
    }

    @Test
    void redisStoppedTenSeconds_publishIsRefused_clientsStay_healthDegrades_thenAllRecoversByItself()
            throws Exception {
        Assumptions.assumeTrue(redis.canKeepData(), "needs a Redis this fixture runs and that keeps its data");
        int a = node();
        int b = node();
        RawSseClient onA = stream(a, Map.of());
        RawSseClient onB = stream(b, Map.of());
        List<EventId> before = publish(a, "outage", 1);
        await().atMost(WAIT).until(() -> eventIds(onB, "outage").size() == 1);

        redis.stop();
        long stopped = System.nanoTime();
        PublishClient.Response refused = post(a, "{\"type\":\"outage\",\"data\":{\"refused\":true}}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.body()).contains("\"error\":\"log_unavailable\"");
        await().atMost(WAIT).until(() -> health(b).body().contains("\"status\":\"degraded\""));
        PublishClient.Response degraded = health(b);
        assertThat(degraded.status()).isEqualTo(200);
        assertThat(degraded.body()).contains("\"backend\":{\"type\":\"redis\",\"status\":\"degraded\"");
        RawSseClient resumeNeedingRedis = RawSseClient.connect(b, "/api/events",
                Map.of("Last-Event-ID", new EventId(before.get(0).millis() - 1_000, 0).toString()), WAIT);
        clients.add(resumeNeedingRedis);
        assertThat(resumeNeedingRedis.status()).isEqualTo(503);
        assertThat(resumeNeedingRedis.header("Retry-After")).isNotBlank();
        RawSseClient newClient = stream(a, Map.of());
        int heartbeats = onA.comments().size();
        await().atMost(WAIT).until(() -> onA.comments().size() > heartbeats + 1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> System.nanoTime() - stopped > TimeUnit.SECONDS.toNanos(10));

        redis.startAgain();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> health(a).body().contains("\"status\":\"ok\"")
                        && health(b).body().contains("\"status\":\"ok\""));
        // as a producer does: a 503 says to send again after Retry-After (the publishing connection may come back a
        // moment after the reader); what was refused must never appear
        PublishClient.Response accepted = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> post(b, "[{\"type\":\"outage\",\"data\":{\"i\":0}}]"),
                        response -> response.status() == 202);
        List<EventId> after = ids(accepted);

        for (RawSseClient client : List.of(onA, onB, newClient)) {
            await().atMost(WAIT).until(() -> eventIds(client, "outage").contains(after.get(0)));
            assertThat(client.isEndOfStream()).isFalse();
        }
        assertThat(eventIds(onA, "outage")).containsExactly(before.get(0), after.get(0));
        assertThat(eventIds(onB, "outage")).containsExactly(before.get(0), after.get(0));
        assertThat(onA.events()).noneMatch(e -> e.data() != null && e.data().contains("refused"));
    }

    @Test
    void redisRestartedEmpty_everyClientIsToldToResyncUnknownId_thenLiveEventsFollow() throws Exception {
        Assumptions.assumeTrue(redis.canRestart(), "needs a Redis this fixture runs");
        int a = node();
        int b = node();
        RawSseClient onB = stream(b, Map.of());
        EventId before = publish(a, "epoch", 1).get(0);
        await().atMost(WAIT).until(() -> eventIds(onB, "epoch").size() == 1);

        redis.restartEmpty();
        SseEvent resync = await().atMost(Duration.ofSeconds(30)).until(
                () -> onB.events().stream().filter(e -> "resync".equals(e.event())).findFirst().orElse(null),
                e -> e != null);
        assertThat(resync.data()).contains("\"reason\":\"unknown_id\"");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(a, "{\"type\":\"epoch\"}").status() == 202);

        await().atMost(WAIT).until(() -> eventIds(onB, "epoch").size() >= 2);
        RawSseClient stale = stream(b, Map.of("Last-Event-ID", before.toString()));
        SseEvent told = stale.nextEvent(WAIT);
        assertThat(told.event()).isEqualTo("resync");
        assertThat(told.data()).contains("\"reason\":\"unknown_id\"");
    }
}
