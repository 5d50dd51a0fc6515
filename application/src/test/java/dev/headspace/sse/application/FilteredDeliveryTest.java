package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.application.testing.TestEncoder;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the filter index delivers, through the real core, against what {@link EventFilter#matches} says event by
 * event: random filters and events from fixed seeds, so a failure repeats.
 */
class FilteredDeliveryTest {

    private static final List<String> TYPES = List.of("a", "b", "c");
    private static final List<String> PROJECTS = List.of("p0", "p1", "p2", "p3");
    private static final List<String> AGENTS = List.of("x0", "x1", "x2", "x3");

    private static Core core() {
        return Core.assemble(new Core.Options(1_000, Duration.ofSeconds(30), Duration.ofSeconds(60),
                        Duration.ofSeconds(30), 10_000, 64L << 20, Duration.ofHours(1), 1_000),
                new TestEncoder(), StreamMetrics.NONE, Clock.systemUTC());
    }

    /** Each dimension empty half the time, else one or two values from its pool. */
    private static EventFilter randomFilter(Random random) {
        return EventFilter.parse(values(random, TYPES), values(random, PROJECTS), values(random, AGENTS));
    }

    private static List<String> values(Random random, List<String> pool) {
        if (random.nextBoolean()) {
            return List.of();
        }
        List<String> picked = new ArrayList<>();
        for (int i = random.nextInt(2); i >= 0; i--) {
            picked.add(pool.get(random.nextInt(pool.size())));
        }
        return picked;
    }

    /** Project and agent missing a quarter of the time; now and then a value no filter names. */
    private static PublishRequest randomEvent(Random random) {
        String type = random.nextInt(8) == 0 ? "z" : TYPES.get(random.nextInt(TYPES.size()));
        String project = random.nextInt(4) == 0 ? null : random.nextInt(8) == 0 ? "p9"
                : PROJECTS.get(random.nextInt(PROJECTS.size()));
        String agent = random.nextInt(4) == 0 ? null : random.nextInt(8) == 0 ? "x9"
                : AGENTS.get(random.nextInt(AGENTS.size()));
        return new PublishRequest(new NewEvent(new EventType(type), project == null ? null : new ProjectId(project),
                agent == null ? null : new AgentId(agent), "{}", null), Map.of());
    }

    private static List<Event> publish(Core core, List<PublishRequest> batch) {
        PublishResult result = core.publish().publish(batch);
        assertThat(result).isInstanceOf(PublishResult.Accepted.class);
        return ((PublishResult.Accepted) result).events();
    }

    private static List<Event> received(FakeEventStream stream) {
        return stream.delivered().stream().map(EncodedEvent::event).toList();
    }

    private static List<Event> matching(EventFilter filter, List<Event> events, EventId after) {
        return events.stream().filter(event -> event.id().isAfter(after) && filter.matches(event)).toList();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 1_000_003, 20_261_202})
    void everySubscriber_getsExactlyTheEventsItsFilterMatches_onceEach_inOrder(long seed) {
        Random random = new Random(seed);
        Core core = core();
        List<EventFilter> filters = new ArrayList<>();
        List<FakeEventStream> streams = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // now and then a filter equal to an earlier one, so some groups have several members
            EventFilter filter = i > 0 && random.nextInt(10) == 0 ? filters.get(random.nextInt(i))
                    : randomFilter(random);
            FakeEventStream stream = new FakeEventStream();
            core.subscribe().subscribe(filter, stream, null);
            filters.add(filter);
            streams.add(stream);
        }
        List<Event> published = new ArrayList<>();
        while (published.size() < 400) {
            List<PublishRequest> batch = new ArrayList<>();
            for (int i = random.nextInt(3); i >= 0; i--) {
                batch.add(randomEvent(random));
            }
            published.addAll(publish(core, batch));
        }

        long expectedDeliveries = 0;
        for (int i = 0; i < filters.size(); i++) {
            List<Event> expected = matching(filters.get(i), published, new EventId(0, 0));
            assertThat(received(streams.get(i))).as("client %d, %s", i, filters.get(i))
                    .containsExactlyElementsOf(expected);
            expectedDeliveries += expected.size();
        }
        assertThat(expectedDeliveries).as("the seed gives matches to count").isPositive();
        assertThat(core.health().health().deliveries()).isEqualTo(expectedDeliveries);
        assertThat(core.health().health().eventsBroadcast()).isEqualTo(published.size());
    }

    /** A client that joined, with the stream it was given and whether it left before the end. */
    private record Joined(EventFilter filter, FakeEventStream stream, boolean left) {
    }

    @Test
    void distinctFiltersJoiningAndLeaving_whilePublishing_missAndRepeatNothingTheyMatch() throws Exception {
        Core core = core();
        FakeEventStream watcher = new FakeEventStream();
        core.subscribe().subscribe(EventFilter.ALL, watcher, null);
        int publishers = 2;
        int joiners = 4;
        int eventsEach = 1_500;
        int joinsEach = 400;
        List<Joined> joined = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(publishers + joiners);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                Random random = new Random(100 + p);
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < eventsEach; i++) {
                        publish(core, List.of(randomEvent(random)));
                    }
                    return null;
                }));
            }
            for (int j = 0; j < joiners; j++) {
                Random random = new Random(200 + j);
                work.add(pool.submit(() -> {
                    start.await();
                    // each joiner keeps a few clients live and the oldest leaves, so leaves race the broadcasts
                    Deque<ClientSubscription> live = new ArrayDeque<>();
                    Map<ClientSubscription, FakeEventStream> streams = new HashMap<>();
                    for (int i = 0; i < joinsEach; i++) {
                        FakeEventStream stream = new FakeEventStream();
                        ClientSubscription client = core.subscribe().subscribe(randomFilter(random), stream, null);
                        live.addLast(client);
                        streams.put(client, stream);
                        if (live.size() > 8) {
                            ClientSubscription leaving = live.removeFirst();
                            leaving.streamEnded(CloseReason.CLIENT_GONE);
                            joined.add(new Joined(leaving.filter(), streams.get(leaving), true));
                        }
                    }
                    live.forEach(client -> joined.add(new Joined(client.filter(), streams.get(client), false)));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : work) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Event> all = received(watcher);
        assertThat(all).hasSize(publishers * eventsEach);
        assertThat(joined).hasSize(joiners * joinsEach);
        for (Joined client : joined) {
            EventId joinedAfter = client.stream().positions().get(0);
            List<Event> expected = matching(client.filter(), all, joinedAfter);
            List<Event> got = received(client.stream());
            if (client.left()) {
                // it may leave at any event: what it got is where it stood, with nothing missing or repeated
                assertThat(got.size()).isLessThanOrEqualTo(expected.size());
                assertThat(got).as("%s, after %s", client.filter(), joinedAfter)
                        .containsExactlyElementsOf(expected.subList(0, got.size()));
            } else {
                assertThat(got).as("%s, after %s", client.filter(), joinedAfter).containsExactlyElementsOf(expected);
            }
        }
    }
}
