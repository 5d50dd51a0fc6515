package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.domain.EventId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class EventIdGeneratorTest {

    private static final long T0 = 1_700_000_000_000L;

    private static List<EventId> take(EventIdGenerator generator, int count) {
        List<EventId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(generator.next());
        }
        return ids;
    }

    @Test
    void firstId_isTheWallClockMillis_withSequenceZero() {
        assertThat(new EventIdGenerator(() -> T0).next()).isEqualTo(new EventId(T0, 0));
    }

    @Test
    void clockStandingStill_countsTheSequenceUp() {
        List<EventId> ids = take(new EventIdGenerator(() -> T0), 1_000);

        assertThat(ids).isSortedAccordingTo(EventId::compareTo).doesNotHaveDuplicates();
        assertThat(ids.get(999)).isEqualTo(new EventId(T0, 999));
    }

    @Test
    void clockMovingOn_resetsTheSequence() {
        AtomicLong clock = new AtomicLong(T0);
        EventIdGenerator generator = new EventIdGenerator(clock::get);

        generator.next();
        generator.next();
        clock.set(T0 + 1);

        assertThat(generator.next()).isEqualTo(new EventId(T0 + 1, 0));
    }

    @Test
    void clockSteppingBack_neverTakesTheIdsBack() {
        AtomicLong clock = new AtomicLong(T0);
        EventIdGenerator generator = new EventIdGenerator(clock::get);
        List<EventId> ids = new ArrayList<>(take(generator, 3));

        clock.set(T0 - 60_000);
        ids.addAll(take(generator, 3));
        clock.set(T0 - 1);
        ids.addAll(take(generator, 3));
        clock.set(T0 + 5);
        ids.addAll(take(generator, 2));

        assertThat(ids).doesNotHaveDuplicates();
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).as("id %d after %s", i, ids.get(i - 1)).isGreaterThan(ids.get(i - 1));
        }
        assertThat(ids.get(8)).isEqualTo(new EventId(T0, 8));
        assertThat(ids.get(9)).isEqualTo(new EventId(T0 + 5, 0));
    }

    @Test
    void restartedGenerator_onALaterClock_issuesIdsAfterEveryEarlierOne() {
        EventIdGenerator firstRun = new EventIdGenerator(() -> T0);
        List<EventId> before = take(firstRun, 10_000);
        EventId lastBefore = before.get(before.size() - 1);

        EventIdGenerator secondRun = new EventIdGenerator(() -> T0 + 1);
        List<EventId> after = take(secondRun, 10);

        assertThat(after).allSatisfy(id -> assertThat(id).isGreaterThan(lastBefore));
        assertThat(after.get(0)).isEqualTo(new EventId(T0 + 1, 0));
    }

    @Test
    void concurrentCallers_getUniqueIds_eachInIncreasingOrder() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        AtomicLong clock = new AtomicLong(T0);
        // a clock that advances and occasionally steps back while the callers race
        EventIdGenerator generator = new EventIdGenerator(() -> {
            long tick = clock.incrementAndGet() - T0;
            return T0 + tick / 64 - (tick % 97 == 0 ? 3 : 0);
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<EventId>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return take(generator, perThread);
                }));
            }
            start.countDown();

            Set<EventId> all = new HashSet<>();
            for (Future<List<EventId>> result : results) {
                List<EventId> ids = result.get(15, TimeUnit.SECONDS);
                assertThat(ids).isSortedAccordingTo(EventId::compareTo);
                all.addAll(ids);
            }
            assertThat(all).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }
}
