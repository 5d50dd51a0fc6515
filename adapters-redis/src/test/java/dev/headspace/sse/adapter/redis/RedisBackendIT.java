package dev.headspace.sse.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.redis.testing.TestRedis;
import dev.headspace.sse.application.Core;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.application.testing.TestEncoder;
import dev.headspace.sse.config.RedisSettings;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's core on the Redis log, in this JVM: the reader delivers what any node published, a resume outside the
 * node's window is read from Redis with an exact seam, and bad input is answered without harm.
 */
class RedisBackendIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int WINDOW = 20;
    private static TestRedis redis;
    private final List<RedisEventLog> logs = new ArrayList<>();
    private final String key = "backend-it:" + UUID.randomUUID();

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
    void closeLogs() {
        logs.forEach(RedisEventLog::close);
    }

    /** A node: its Redis log, its core on it (window of {@value #WINDOW} events), its reader running. */
    private record Node(RedisEventLog log, Core core) {
        List<Event> publish(int count) {
            List<PublishRequest> requests = IntStream.range(0, count)
                    .mapToObj(i -> new PublishRequest(NewEvent.of("e", "{\"i\":" + i + "}"), Map.of("i", i))).toList();
            PublishResult result = core.publish().publish(requests);
            assertThat(result).isInstanceOf(PublishResult.Accepted.class);
            return ((PublishResult.Accepted) result).events();
        }

        FakeEventStream subscribe(String lastEventId) {
            FakeEventStream stream = new FakeEventStream();
            core.subscribe().subscribe(EventFilter.ALL, stream, lastEventId);
            return stream;
        }
    }

    private Node node() {
        RedisEventLog log = RedisEventLog.connect(new RedisSettings(redis.uri(), key, 10_000, 100), new TestEncoder(),
                new ObjectMapper(), Clock.systemUTC());
        logs.add(log);
        Core core = Core.assemble(new Core.Options(100, Duration.ofSeconds(30), Duration.ofSeconds(60),
                        Duration.ofSeconds(30), WINDOW, 64L << 20, Duration.ofHours(1), 1_000),
                new TestEncoder(), StreamMetrics.NONE, Clock.systemUTC(), log, 100);
        log.startReading(core.applyLoggedEvents());
        return new Node(log, core);
    }

    private static List<EventId> ids(FakeEventStream stream) {
        return stream.delivered().stream().map(EncodedEvent::event).map(Event::id).toList();
    }

    private static List<EventId> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }

    @Test
    void publishedOnOneNode_reachesTheOthersClients_throughItsReader_withTheSameIds() {
        Node a = node();
        Node b = node();
        FakeEventStream onA = a.subscribe(null);
        FakeEventStream onB = b.subscribe(null);

        List<Event> published = a.publish(5);

        await().atMost(WAIT).until(() -> ids(onB).size() == 5 && ids(onA).size() == 5);
        assertThat(ids(onB)).isEqualTo(ids(published)).isEqualTo(ids(onA));
    }

    @Test
    void resumeFromAnIdOlderThanTheWindow_isReadFromRedis_thenLiveFollowsWithNoDuplicate() {
        Node a = node();
        FakeEventStream watcher = a.subscribe(null);
        List<Event> published = a.publish(WINDOW * 3);
        await().atMost(WAIT).until(() -> ids(watcher).size() == WINDOW * 3);

        FakeEventStream resumed = a.subscribe(published.get(4).id().toString());
        List<Event> later = a.publish(3);
        await().atMost(WAIT).until(() -> ids(resumed).size() == WINDOW * 3 - 5 + 3);

        List<EventId> expected = new ArrayList<>(ids(published.subList(5, published.size())));
        expected.addAll(ids(later));
        assertThat(ids(resumed)).isEqualTo(expected);
        assertThat(resumed.resyncs()).isEmpty();
    }

    @Test
    void resumeFromAnIdNotYetAppliedHere_isNoUnknownId() {
        Node a = node();
        List<Event> published = a.publish(3);
        // a node that starts now has a window after them: their ids are older than it, yet real
        Node b = node();

        FakeEventStream resumed = b.subscribe(published.get(0).id().toString());
        await().atMost(WAIT).until(() -> ids(resumed).size() == 2);

        assertThat(ids(resumed)).isEqualTo(ids(published.subList(1, 3)));
        assertThat(resumed.resyncs()).isEmpty();
    }

    @Test
    void malformedLastEventId_getsMalformedId_andNeverReachesRedis() {
        Node a = node();
        a.publish(1);
        long readsBefore = xrangeCalls();

        FakeEventStream bad = a.subscribe("not-an-id\r\nevent: x");

        assertThat(bad.resyncs()).extracting(Resync::reason).containsExactly(ResyncReason.MALFORMED_ID);
        assertThat(xrangeCalls()).isEqualTo(readsBefore);
    }

    @Test
    void wellFormedForeignIds_getUnknownId() {
        Node a = node();
        List<Event> published = a.publish(2);
        EventId last = published.get(1).id();

        for (EventId foreign : List.of(new EventId(last.millis() + 60_000, 0), new EventId(1, 0),
                new EventId(System.currentTimeMillis() - 5_000, 3))) {
            FakeEventStream stream = a.subscribe(foreign.toString());
            assertThat(stream.resyncs()).as(foreign.toString()).extracting(Resync::reason)
                    .containsExactly(ResyncReason.UNKNOWN_ID);
        }
    }

    @Test
    void foreignStreamEntries_areSkippedAndCounted_andTheReaderGoesOn() {
        Node a = node();
        FakeEventStream onA = a.subscribe(null);
        redis.commands().xadd(key, Map.of("not", "ours"));
        redis.commands().xadd(key, Map.of("seq", "x", "epoch", "y", "type", "BAD TYPE", "data", "{}"));

        List<Event> after = a.publish(1);

        await().atMost(WAIT).until(() -> ids(onA).size() == 1);
        assertThat(ids(onA)).isEqualTo(ids(after));
        assertThat(a.log().foreignEntriesSkipped()).isEqualTo(2);
    }

    @Test
    void entriesTrimmedBeforeTheReaderSawThem_areNeverSilent_clientsAreToldToResync_thenLiveFollows() {
        Node a = node();
        FakeEventStream onA = a.subscribe(null);
        a.publish(1);
        await().atMost(WAIT).until(() -> ids(onA).size() == 1);

        // an entry of this epoch whose sequence jumps past 2..4: those were trimmed before this node could read them
        String epoch = redis.commands().hget(key + ":meta", "epoch");
        String gapped = redis.commands().xadd(key, Map.of("seq", "5", "epoch", epoch, "type", "after_gap",
                "data", "{}"));

        await().atMost(WAIT).until(() -> !onA.resyncs().isEmpty() && ids(onA).size() == 2);
        assertThat(onA.resyncs()).extracting(Resync::reason).containsExactly(ResyncReason.TOO_OLD);
        assertThat(ids(onA).get(1)).isEqualTo(EventId.parse(gapped));
    }

    @Test
    void transitionsPublishedOnOneNode_moveTheAgentsViewOnEvery() {
        Node a = node();
        Node b = node();
        Map<String, Object> data = Map.of("agent_id", "agent-1", "task_id", "task-1", "from_state", "idle",
                "to_state", "commanded", "trigger", "user:command");
        NewEvent transition = new NewEvent(new dev.headspace.sse.domain.EventType("state_transition"),
                new dev.headspace.sse.domain.ProjectId("proj-a"), null,
                "{\"agent_id\":\"agent-1\",\"task_id\":\"task-1\",\"from_state\":\"idle\",\"to_state\":\"commanded\","
                        + "\"trigger\":\"user:command\"}", null);

        assertThat(a.core().publish().publish(List.of(new PublishRequest(transition, data))))
                .isInstanceOf(PublishResult.Accepted.class);

        await().atMost(WAIT).until(() -> b.core().agentStates().agentStates(null).size() == 1);
        assertThat(b.core().agentStates().agentStates(null)).isEqualTo(a.core().agentStates().agentStates(null));
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void redisStopped_inProcessEventsWaitInTheOutbox_pastItsBoundAreUnavailable_thenArriveInOrderOnce() {
        org.junit.jupiter.api.Assumptions.assumeTrue(redis.canKeepData(),
                "needs a Redis this fixture runs and that keeps its data");
        Node a = node();
        Node b = node();
        FakeEventStream onB = b.subscribe(null);
        List<Event> before = a.publish(1);
        await().atMost(WAIT).until(() -> ids(onB).size() == 1);

        redis.stop();
        List<PublishResult> results = new ArrayList<>();
        try {
            // the node's outbox holds 100 events (as node() sets it); HTTP producers get no outbox
            for (int i = 0; i < 101; i++) {
                results.add(a.core().publishInProcess().publish(List.of(
                        new PublishRequest(NewEvent.of("queued", "{\"i\":" + i + "}"), Map.of("i", i)))));
            }
            assertThat(a.core().publish().publish(List.of(new PublishRequest(NewEvent.of("http", "{}"), Map.of()))))
                    .isInstanceOf(PublishResult.Unavailable.class);
            assertThat(results.subList(0, 100)).allMatch(PublishResult.Queued.class::isInstance);
            assertThat(results.get(100)).isInstanceOf(PublishResult.Unavailable.class);
            var outbox = a.core().health().health().outbox();
            assertThat(outbox.events()).isEqualTo(100);
            assertThat(outbox.overflowed()).isEqualTo(1);
        } finally {
            redis.startAgain();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> ids(onB).size() == 101);
        List<String> data = onB.delivered().stream().skip(1).map(EncodedEvent::event).map(Event::payloadJson).toList();
        assertThat(data).containsExactlyElementsOf(
                IntStream.range(0, 100).mapToObj(i -> "{\"i\":" + i + "}").toList());
        assertThat(ids(onB)).isSorted().doesNotHaveDuplicates();
        assertThat(ids(onB).get(0)).isEqualTo(before.get(0).id());
        assertThat(onB.delivered()).noneMatch(e -> e.event().type().value().equals("http"));
        List<EventId> appended = results.subList(0, 100).stream().map(r -> ((PublishResult.Queued) r).appended()
                .toCompletableFuture().join().get(0).id()).toList();
        assertThat(appended).isEqualTo(ids(onB).subList(1, 101));
        await().atMost(WAIT).until(() -> a.core().health().health().outbox().events() == 0);
        // a later write goes straight to the log again
        assertThat(a.core().publishInProcess().publish(List.of(new PublishRequest(NewEvent.of("after", "{}"),
                Map.of())))).isInstanceOf(PublishResult.Accepted.class);
    }

    @Test
    void sameIdempotencyKeyTwice_getsTheSameIds_andTheStreamCarriesTheBatchOnce() {
        Node a = node();
        FakeEventStream onA = a.subscribe(null);
        List<PublishRequest> batch = List.of(new PublishRequest(NewEvent.of("k", "{\"n\":1}"), Map.of("n", 1)),
                new PublishRequest(NewEvent.of("k", "{\"n\":2}"), Map.of("n", 2)));
        dev.headspace.sse.domain.IdempotencyKey key = new dev.headspace.sse.domain.IdempotencyKey("retry-1");

        PublishResult first = a.core().publish().publish(batch, key);
        PublishResult again = a.core().publish().publish(batch, key);
        List<Event> marker = a.publish(1);

        await().atMost(WAIT).until(() -> ids(onA).contains(marker.get(0).id()));
        List<EventId> firstIds = ids(((PublishResult.Accepted) first).events());
        assertThat(ids(((PublishResult.Accepted) again).events())).isEqualTo(firstIds);
        assertThat(ids(onA)).containsExactly(firstIds.get(0), firstIds.get(1), marker.get(0).id());
    }

    private long xrangeCalls() {
        String stats = redis.commands().info("commandstats");
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_xrange:")) {
                return Long.parseLong(line.replaceAll("^cmdstat_xrange:calls=([0-9]+),.*$", "$1"));
            }
        }
        return 0;
    }
}
