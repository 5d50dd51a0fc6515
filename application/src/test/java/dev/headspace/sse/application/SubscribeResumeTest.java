package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.embedded.InMemoryAgentStates;
import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that names the last event it saw: replay, resync, and the seam between replay and live events. */
@Timeout(30)
class SubscribeResumeTest {

    private final Clock clock = Clock.systemUTC();
    private final ClientRegistry registry = new ClientRegistry(100);
    private final SseStatistics statistics = new SseStatistics();
    private final EventIdGenerator ids = new EventIdGenerator(clock::millis);
    private final InMemoryEventLog log = InMemoryEventLog.assigning(50, 64L << 20, Duration.ofHours(1), clock::millis,
            ids::next, this::encode);
    private final PublishJoinLock order = new PublishJoinLock();
    private final List<Integer> replaySizes = new CopyOnWriteArrayList<>();
    private final StreamMetrics metrics = new StreamMetrics() {
        @Override
        public void publishToWrite(long nanos) {
        }

        @Override
        public void replayed(int events) {
            replaySizes.add(events);
        }
    };
    private final SubscribeService subscribe = new SubscribeService(registry, log, order,
            20, statistics, metrics, clock);
    private final Broadcast broadcast = new Broadcast(registry, this::encode, log, new InMemoryAgentStates(),
            order, statistics);
    private ExecutorService executor;

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private Event publish(NewEvent event) {
        return publishAll(List.of(event)).get(0);
    }

    private List<Event> publishAll(List<NewEvent> events) {
        return broadcast.all(events.stream().map(event -> new Broadcast.Draft(event, null)).toList());
    }

    private EncodedEvent encode(Event event) {
        byte[] frame = ("id: " + event.id() + "\n\n").getBytes(StandardCharsets.US_ASCII);
        return new EncodedEvent(event, ByteBuffer.wrap(frame));
    }

    private List<Event> publish(int count, String type) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(publish(NewEvent.of(type, "{}")));
        }
        return events;
    }

    private static List<EventId> ids(FakeEventStream stream) {
        return stream.delivered().stream().map(e -> e.event().id()).toList();
    }

    private static List<EventId> idsOf(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }

    @Test
    void lastEventId_getsEveryLaterEvent_thenLiveEvents() {
        List<Event> before = publish(5, "a");
        FakeEventStream stream = new FakeEventStream();

        subscribe.subscribe(EventFilter.ALL, stream, before.get(1).id().toString());
        List<Event> after = publish(2, "a");

        List<EventId> expected = new ArrayList<>(idsOf(before.subList(2, 5)));
        expected.addAll(idsOf(after));
        assertThat(ids(stream)).isEqualTo(expected);
        assertThat(stream.replays()).containsExactly(3);
        assertThat(stream.resyncs()).isEmpty();
        assertThat(statistics.replays()).isEqualTo(1);
        assertThat(statistics.eventsReplayed()).isEqualTo(3);
        assertThat(replaySizes).containsExactly(3);
    }

    @Test
    void replay_followsTheClientsFilter() {
        publish(2, "a");
        Event last = publish(1, "b").get(0);
        List<Event> wanted = publish(2, "a");
        publish(2, "b");
        FakeEventStream stream = new FakeEventStream();

        subscribe.subscribe(EventFilter.parse(List.of("a"), List.of(), List.of()), stream, last.id().toString());

        assertThat(ids(stream)).isEqualTo(idsOf(wanted));
    }

    @Test
    void withoutALastEventId_onlyLiveEventsCome_afterTheMarkOfWhereTheClientStarts() {
        List<Event> before = publish(3, "a");
        FakeEventStream stream = new FakeEventStream();

        subscribe.subscribe(EventFilter.ALL, stream, null);
        List<Event> live = publish(1, "a");

        assertThat(stream.positions()).containsExactly(before.get(2).id());
        assertThat(ids(stream)).isEqualTo(idsOf(live));
        assertThat(statistics.replays()).isZero();
        assertThat(replaySizes).isEmpty();
    }

    @Test
    void malformedId_getsAResyncNamingItAndTheResumePoint_beforeLiveEvents() {
        List<Event> before = publish(3, "a");
        FakeEventStream stream = new FakeEventStream();

        subscribe.subscribe(EventFilter.ALL, stream, "yesterday\n");
        List<Event> live = publish(1, "a");

        assertThat(stream.resyncs()).singleElement().satisfies(resync -> {
            assertThat(resync.reason()).isEqualTo(ResyncReason.MALFORMED_ID);
            assertThat(resync.lastEventId()).isEqualTo("yesterday\\u000a");
            assertThat(resync.oldestHeld()).isEqualTo(before.get(0).id());
            assertThat(resync.resumeFrom()).isEqualTo(before.get(2).id());
        });
        assertThat(ids(stream)).isEqualTo(idsOf(live));
        assertThat(statistics.resyncs(ResyncReason.MALFORMED_ID)).isEqualTo(1);
        assertThat(statistics.replays()).isZero();
    }

    @Test
    void idOlderThanTheLogHolds_getsAResyncWithTheOldestHeldId() {
        List<Event> events = publish(60, "a");
        FakeEventStream stream = new FakeEventStream();

        subscribe.subscribe(EventFilter.ALL, stream, events.get(0).id().toString());

        Resync resync = stream.resyncs().get(0);
        assertThat(resync.reason()).isEqualTo(ResyncReason.TOO_OLD);
        assertThat(resync.oldestHeld()).isEqualTo(events.get(10).id());
        assertThat(resync.resumeFrom()).isEqualTo(events.get(59).id());
        assertThat(stream.delivered()).isEmpty();
    }

    @Test
    void replayLongerThanTheLimit_getsAResyncInsteadOfAFlood() {
        List<Event> events = publish(30, "a");
        FakeEventStream stream = new FakeEventStream();

        subscribe.subscribe(EventFilter.ALL, stream, events.get(0).id().toString());

        assertThat(stream.resyncs()).extracting(Resync::reason).containsExactly(ResyncReason.REPLAY_TOO_LONG);
        assertThat(stream.delivered()).isEmpty();
        assertThat(statistics.resyncs(ResyncReason.REPLAY_TOO_LONG)).isEqualTo(1);
    }

    @Test
    void idThisServerNeverGaveOut_getsAResync() {
        publish(3, "a");
        FakeEventStream stream = new FakeEventStream();

        subscribe.subscribe(EventFilter.ALL, stream, "99999999999999-0");

        assertThat(stream.resyncs()).extracting(Resync::reason).containsExactly(ResyncReason.UNKNOWN_ID);
    }

    @Test
    void clientThatLeavesTakesItsQueuePeakIntoTheHighWaterMark() {
        FakeEventStream stream = new FakeEventStream().queuePeak(new QueueDepth(7, 700));
        GetHealthService health = new GetHealthService(registry, log, statistics, new PublishStatistics());
        subscribe.subscribe(EventFilter.ALL, stream, null).streamEnded(CloseReason.CLIENT_GONE);
        subscribe.subscribe(EventFilter.ALL, new FakeEventStream().queuePeak(new QueueDepth(3, 900)), null);

        assertThat(health.health().queueHighWater()).isEqualTo(new QueueDepth(7, 900));
    }

    @Test
    void publishersAndResumingClientsAtOnce_everyClientGetsEachEventOnce_inOrder() throws Exception {
        executor = Executors.newFixedThreadPool(6);
        // room for every event, so that no join can be told to resync however the threads interleave
        InMemoryEventLog log = InMemoryEventLog.assigning(10_000, 64L << 20, Duration.ofHours(1), clock::millis,
                ids::next, this::encode);
        SubscribeService subscribe = new SubscribeService(registry, log, order, 1_000,
                statistics, metrics, clock);
        Broadcast broadcast = new Broadcast(registry, this::encode, log, new InMemoryAgentStates(), order,
                statistics);
        int publishers = 4;
        int perPublisher = 200;
        List<Event> published = new CopyOnWriteArrayList<>();
        FakeEventStream first = new FakeEventStream();
        subscribe.subscribe(EventFilter.ALL, first, null);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            work.add(executor.submit(() -> {
                start.await();
                for (int i = 0; i < perPublisher; i++) {
                    published.addAll(broadcast.all(List.of(new Broadcast.Draft(NewEvent.of("a", "{}"), null))));
                }
                return null;
            }));
        }
        // a second client takes its position before anything is published, as a browser's first connection does,
        // then joins again and again mid-stream, each time from the last event it saw, until a round that began
        // after the last publish has caught it up
        FakeEventStream opening = new FakeEventStream();
        subscribe.subscribe(EventFilter.ALL, opening, null).streamEnded(CloseReason.CLIENT_GONE);
        String startId = opening.positions().get(0).toString();
        int total = publishers * perPublisher;
        List<EventId> seen = new CopyOnWriteArrayList<>();
        AtomicInteger rounds = new AtomicInteger();
        work.add(executor.submit(() -> {
            start.await();
            String last = startId;
            boolean caughtUp = false;
            while (!caughtUp) {
                caughtUp = published.size() == total;
                FakeEventStream stream = new FakeEventStream();
                subscribe.subscribe(EventFilter.ALL, stream, last).streamEnded(CloseReason.CLIENT_GONE);
                assertThat(stream.resyncs()).isEmpty();
                for (EncodedEvent event : stream.delivered()) {
                    seen.add(event.event().id());
                }
                if (!seen.isEmpty()) {
                    last = seen.get(seen.size() - 1).toString();
                }
                rounds.incrementAndGet();
            }
            return null;
        }));
        start.countDown();
        for (var future : work) {
            future.get(20, TimeUnit.SECONDS);
        }

        List<EventId> expected = ids(first);
        assertThat(expected).hasSize(total);
        assertThat(rounds.get()).isPositive();
        assertThat(seen).isEqualTo(expected);
    }
}
