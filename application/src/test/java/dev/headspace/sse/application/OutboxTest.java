package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.IdempotencyKey;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.port.EventLogUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class OutboxTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** A log that is down while {@code down}, remembers keys as Redis's script does, and can lose one reply. */
    private static final class FakeLog implements Outbox.Append {
        volatile boolean down;
        volatile boolean loseNextReply;
        /** Refuses only the drain thread's appends: the log answers, but what waits has not gone yet. */
        volatile boolean drainHeldBack;
        final List<String> appended = new ArrayList<>();
        final List<IdempotencyKey> keysTried = new ArrayList<>();
        private final Map<IdempotencyKey, List<Event>> done = new HashMap<>();
        private long next = 1;

        @Override
        public synchronized List<Event> append(List<Broadcast.Draft> drafts, IdempotencyKey key) {
            keysTried.add(key);
            if (down || drainHeldBack && Thread.currentThread().getName().equals("headspace-outbox")) {
                throw new EventLogUnavailableException("down", null);
            }
            List<Event> events = done.get(key);
            if (events == null) {
                events = new ArrayList<>();
                for (Broadcast.Draft draft : drafts) {
                    appended.add(draft.event().type().value());
                    events.add(draft.event().withId(new EventId(next++, 0), NOW));
                }
                done.put(key, events);
            }
            if (loseNextReply) {
                loseNextReply = false;
                throw new EventLogUnavailableException("reply lost", null);
            }
            return events;
        }
    }

    private final FakeLog log = new FakeLog();
    private final PublishStatistics statistics = new PublishStatistics();
    private final Outbox outbox = new Outbox(log, 3, Clock.fixed(NOW, ZoneOffset.UTC), statistics);

    @AfterEach
    void close() {
        outbox.close();
    }

    private static List<Broadcast.Draft> batch(String... types) {
        return java.util.Arrays.stream(types).map(type -> new Broadcast.Draft(NewEvent.of(type, "{}"), null)).toList();
    }

    @Test
    void logUp_aBatchIsAppendedAtOnce() {
        PublishResult result = outbox.publish(batch("a", "b"));

        assertThat(result).isInstanceOf(PublishResult.Accepted.class);
        assertThat(log.appended).containsExactly("a", "b");
        assertThat(outbox.waitingEvents()).isZero();
    }

    @Test
    void logDown_batchesWaitInOrder_stampedWithTheirTime_andAreAppendedOnceWhenItAnswers() {
        log.down = true;
        PublishResult first = outbox.publish(batch("a"));
        PublishResult second = outbox.publish(batch("b", "c"));
        assertThat(first).isInstanceOf(PublishResult.Queued.class);
        assertThat(((PublishResult.Queued) first).events().get(0).timestamp()).isEqualTo(NOW);
        assertThat(outbox.waitingEvents()).isEqualTo(3);

        log.down = false;
        await().atMost(WAIT).until(() -> outbox.waitingEvents() == 0);

        assertThat(log.appended).containsExactly("a", "b", "c");
        assertThat(((PublishResult.Queued) second).appended().toCompletableFuture().join())
                .extracting(e -> e.type().value()).containsExactly("b", "c");
        assertThat(statistics.published()).isEqualTo(3);
    }

    @Test
    void aBatchWrittenAfterQueuedOnes_waitsBehindThem_evenOnceTheLogAnswers() {
        log.down = true;
        log.drainHeldBack = true;
        outbox.publish(batch("a"));
        log.down = false;

        PublishResult later = outbox.publish(batch("b"));

        // the log answers, yet "b" went behind "a" rather than straight to it
        assertThat(later).isInstanceOf(PublishResult.Queued.class);
        assertThat(log.appended).isEmpty();
        log.drainHeldBack = false;
        await().atMost(WAIT).until(() -> outbox.waitingEvents() == 0);
        assertThat(log.appended).containsExactly("a", "b");
    }

    @Test
    void pastTheBound_theBatchIsUnavailable_countedAsOverflowed_andWhatWaitsIsKept() {
        log.down = true;
        outbox.publish(batch("a", "b"));

        PublishResult overflow = outbox.publish(batch("c", "d"));

        assertThat(overflow).isInstanceOf(PublishResult.Unavailable.class);
        assertThat(((PublishResult.Unavailable) overflow).message()).contains("HEADSPACE_REDIS_OUTBOX_EVENTS");
        assertThat(outbox.overflowed()).isEqualTo(2);
        assertThat(outbox.publish(batch("e"))).isInstanceOf(PublishResult.Queued.class);
        log.down = false;
        await().atMost(WAIT).until(() -> outbox.waitingEvents() == 0);
        assertThat(log.appended).containsExactly("a", "b", "e");
    }

    @Test
    void aReplyLostOnTheWay_isRetriedUnderTheSameKey_soNothingIsAppendedTwice() {
        log.loseNextReply = true;

        PublishResult result = outbox.publish(batch("a"));

        assertThat(result).isInstanceOf(PublishResult.Queued.class);
        await().atMost(WAIT).until(() -> outbox.waitingEvents() == 0);
        assertThat(log.appended).containsExactly("a");
        assertThat(log.keysTried).hasSizeGreaterThanOrEqualTo(2).allMatch(log.keysTried.get(0)::equals);
    }

    @Test
    void closedWithEventsWaiting_theirHandlesFail_andTheyAreCountedUnavailable() {
        log.down = true;
        PublishResult.Queued queued = (PublishResult.Queued) outbox.publish(batch("a"));

        outbox.close();

        assertThat(queued.appended().toCompletableFuture()).isCompletedExceptionally();
        assertThat(statistics.unavailable()).isEqualTo(1);
    }
}
