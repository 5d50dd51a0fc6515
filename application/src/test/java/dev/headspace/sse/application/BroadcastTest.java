package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.embedded.InMemoryAgentStates;
import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.application.testing.TestEncoder;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class BroadcastTest {

    private static final long T0 = 1_700_000_000_000L;

    private final AtomicLong wallMillis = new AtomicLong(T0);
    private final ClientRegistry registry = new ClientRegistry(50);
    private final SseStatistics statistics = new SseStatistics();
    private final TestEncoder encoder = new TestEncoder();
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
    private final InMemoryEventLog log = TestServices.log(clock, new EventIdGenerator(wallMillis::get), encoder);
    private final PublishJoinLock order = new PublishJoinLock();
    private final SubscribeService subscribe = new SubscribeService(registry, log, order,
            TestServices.REPLAY_MAX_EVENTS, statistics, StreamMetrics.NONE, clock);
    private final InMemoryAgentStates agents = new InMemoryAgentStates();
    private final Broadcast broadcast = new Broadcast(registry, encoder, log, agents, order, statistics);

    private Event publish(NewEvent event) {
        return publishAll(List.of(event)).get(0);
    }

    private List<Event> publishAll(List<NewEvent> events) {
        return broadcast.all(events.stream().map(event -> new Broadcast.Draft(event, null)).toList());
    }

    private FakeEventStream subscribed(EventFilter filter) {
        FakeEventStream stream = new FakeEventStream();
        subscribe.subscribe(filter, stream, null);
        return stream;
    }

    private static EventFilter types(String... types) {
        return EventFilter.parse(List.of(types), List.of(), List.of());
    }

    private static List<EventId> ids(FakeEventStream stream) {
        return stream.delivered().stream().map(encoded -> encoded.event().id()).toList();
    }

    @Test
    void event_isEncodedOnce_andEveryMatchingClientGetsTheSameBytes() {
        List<FakeEventStream> streams = List.of(subscribed(EventFilter.ALL), subscribed(EventFilter.ALL),
                subscribed(types("a")), subscribed(types("a", "b")));

        publish(NewEvent.of("a", "{\"n\":1}"));

        assertThat(encoder.calls()).isEqualTo(1);
        EncodedEvent encoded = encoder.last();
        assertThat(streams).allSatisfy(stream -> {
            assertThat(stream.delivered()).hasSize(1);
            assertThat(stream.delivered().get(0)).isSameAs(encoded);
        });
    }

    @Test
    void everyEvent_entersTheLog_asTheBytesClientsGet() {
        EventId before = log.resumePoint();

        publishAll(List.of(NewEvent.of("a", "{}"), NewEvent.of("b", "{}")));

        Replay replay = log.replayAfter(before, EventFilter.ALL, 10);
        assertThat(replay).isInstanceOfSatisfying(Replay.Events.class, events ->
                assertThat(events.events()).containsExactlyElementsOf(encoder.encoded()));
    }

    @Test
    void batch_isEncodedOncePerEvent() {
        subscribed(EventFilter.ALL);
        subscribed(EventFilter.ALL);

        publishAll(List.of(NewEvent.of("a", "{}"), NewEvent.of("b", "{}"), NewEvent.of("c", "{}")));

        assertThat(encoder.calls()).isEqualTo(3);
    }

    @Test
    void eventWithoutClients_isStillAssignedAnIdAndCounted() {
        Event event = publish(NewEvent.of("a", "{}"));

        // the log took T0-0 from the generator as its origin
        assertThat(event.id()).isEqualTo(new EventId(T0, 1));
        assertThat(statistics.eventsBroadcast()).isEqualTo(1);
        assertThat(statistics.deliveries()).isZero();
    }

    @Test
    void onlyClientsWhoseFilterMatches_receiveTheEvent() {
        FakeEventStream everything = subscribed(EventFilter.ALL);
        FakeEventStream onlyA = subscribed(types("a"));
        FakeEventStream onlyB = subscribed(types("b"));
        FakeEventStream projectP = subscribed(EventFilter.parse(List.of(), List.of("p"), List.of()));
        FakeEventStream aInProjectQ = subscribed(EventFilter.parse(List.of("a"), List.of("q"), List.of()));
        FakeEventStream agentX = subscribed(EventFilter.parse(List.of(), List.of(), List.of("x")));

        publish(new NewEvent(new EventType("a"), new ProjectId("p"), new AgentId("x"), "{}", null));

        assertThat(everything.delivered()).hasSize(1);
        assertThat(onlyA.delivered()).hasSize(1);
        assertThat(onlyB.delivered()).isEmpty();
        assertThat(projectP.delivered()).hasSize(1);
        assertThat(aInProjectQ.delivered()).isEmpty();
        assertThat(agentX.delivered()).hasSize(1);
        assertThat(statistics.deliveries()).isEqualTo(4);
    }

    @Test
    void event_withoutTimestamp_isStampedWithItsIdsMillis_andKeepsItsFields() {
        FakeEventStream stream = subscribed(EventFilter.ALL);
        wallMillis.set(T0 + 1234);

        Event event = publish(new NewEvent(new EventType("a"), new ProjectId("p"), null, "{\"k\":1}",
                null));

        assertThat(event).isEqualTo(new Event(new EventId(T0 + 1234, 0), new EventType("a"), new ProjectId("p"),
                null, "{\"k\":1}", Instant.ofEpochMilli(T0 + 1234)));
        assertThat(stream.delivered().get(0).event()).isEqualTo(event);
    }

    @Test
    void producersTimestamp_isKept() {
        Instant happened = Instant.parse("2021-02-03T04:05:06.789Z");

        Event event = publish(new NewEvent(new EventType("a"), null, null, "{}", happened));

        assertThat(event.timestamp()).isEqualTo(happened);
    }

    @Test
    void successiveEvents_reachEachClientInIdOrder() {
        FakeEventStream everything = subscribed(EventFilter.ALL);
        FakeEventStream onlyB = subscribed(types("b"));
        List<Event> sent = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            if (i % 5 == 0) {
                wallMillis.incrementAndGet();
            }
            sent.add(publish(NewEvent.of(i % 2 == 0 ? "a" : "b", "{}")));
        }

        assertThat(sent).extracting(Event::id).isSortedAccordingTo(EventId::compareTo).doesNotHaveDuplicates();
        assertThat(ids(everything)).isEqualTo(sent.stream().map(Event::id).toList());
        assertThat(ids(onlyB)).hasSize(10).isSortedAccordingTo(EventId::compareTo).doesNotHaveDuplicates();
        assertThat(statistics.eventsBroadcast()).isEqualTo(20);
        assertThat(statistics.deliveries()).isEqualTo(30);
    }

    @Test
    void broadcastAll_givesConsecutiveIncreasingIds_inTheBatchOrder() {
        FakeEventStream stream = subscribed(EventFilter.ALL);

        List<Event> published = publishAll(List.of(NewEvent.of("a", "{\"i\":0}"),
                NewEvent.of("b", "{\"i\":1}"), NewEvent.of("c", "{\"i\":2}")));

        assertThat(published).extracting(Event::id)
                .containsExactly(new EventId(T0, 1), new EventId(T0, 2), new EventId(T0, 3));
        assertThat(published).extracting(event -> event.type().value()).containsExactly("a", "b", "c");
        assertThat(stream.delivered()).extracting(EncodedEvent::event).containsExactlyElementsOf(published);
    }

    @Test
    void broadcastAll_ofNothing_publishesNothing() {
        FakeEventStream stream = subscribed(EventFilter.ALL);

        assertThat(publishAll(List.of())).isEmpty();

        assertThat(encoder.calls()).isZero();
        assertThat(stream.delivered()).isEmpty();
        assertThat(statistics.eventsBroadcast()).isZero();
    }

    @Test
    void concurrentPublishers_everyClientSeesEveryEvent_inIdOrder_batchesUninterrupted() throws Exception {
        List<FakeEventStream> streams = List.of(subscribed(EventFilter.ALL), subscribed(EventFilter.ALL),
                subscribed(EventFilter.ALL));
        int publishers = 6;
        int batchesEach = 200;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<List<Event>>>> results = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<List<Event>> batches = new ArrayList<>();
                    for (int i = 0; i < batchesEach; i++) {
                        batches.add(publishAll(List.of(NewEvent.of("a", "{}"), NewEvent.of("b", "{}"))));
                    }
                    return batches;
                }));
            }
            start.countDown();
            List<List<Event>> batches = new ArrayList<>();
            for (Future<List<List<Event>>> result : results) {
                batches.addAll(result.get(15, TimeUnit.SECONDS));
            }

            int total = publishers * batchesEach * 2;
            for (FakeEventStream stream : streams) {
                List<EventId> received = ids(stream);
                assertThat(received).hasSize(total).doesNotHaveDuplicates();
                for (int i = 1; i < received.size(); i++) {
                    assertThat(received.get(i)).isGreaterThan(received.get(i - 1));
                }
            }
            List<EventId> order = ids(streams.get(0));
            assertThat(batches).allSatisfy(batch ->
                    assertThat(order.indexOf(batch.get(1).id())).isEqualTo(order.indexOf(batch.get(0).id()) + 1));
            assertThat(encoder.calls()).isEqualTo(total);
        } finally {
            pool.shutdownNow();
        }
    }
}
