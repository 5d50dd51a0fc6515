package dev.headspace.sse.application.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headspace.sse.application.testing.EventLogContract;
import dev.headspace.sse.application.testing.TestEncoder;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.EventLog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class InMemoryEventLogTest extends EventLogContract {

    private static final long T0 = 1_800_000_000_000L;
    private static final EventId ORIGIN = new EventId(T0, 0);

    private final AtomicLong wallMillis = new AtomicLong(T0);
    private long nextMillis = T0 + 1;

    @Override
    protected EventLog newLog() {
        AtomicLong sequence = new AtomicLong();
        // ids as the embedded backend's generator makes them: the wall clock's millisecond, counting up within it
        return InMemoryEventLog.assigning(CAPACITY, 1L << 30, Duration.ofHours(1), wallMillis::get,
                () -> new EventId(wallMillis.get(), sequence.getAndIncrement()), new TestEncoder());
    }

    @Override
    protected void letTimePass() {
        wallMillis.addAndGet(5);
    }

    /** An event with an id of the test's making, as a shared log would give it, for the window role ({@code hold}). */
    private EncodedEvent heldEvent(String type) {
        EventId id = new EventId(nextMillis++, 0);
        return new TestEncoder().encode(new Event(id, new EventType(type), null, null, "{}",
                Instant.ofEpochMilli(id.millis())));
    }

    @Test
    void loggedEvents_areTheObjectsReplayed_notCopies() {
        InMemoryEventLog log = (InMemoryEventLog) this.log;
        EventId before = log.resumePoint();
        List<EncodedEvent> logged = log.log(List.of(EventLogContract.event("a", null),
                EventLogContract.event("b", null)));

        Replay.Events replay = (Replay.Events) log.replayAfter(before, ALL, 100);

        assertThat(replay.events()).containsExactlyElementsOf(logged);
        assertThat(replay.events().get(1)).isSameAs(logged.get(1));
    }

    @Test
    void aWindow_givesNoIds() {
        InMemoryEventLog window = new InMemoryEventLog(10, 1L << 20, Duration.ofHours(1), wallMillis::get, ORIGIN);

        assertThatThrownBy(() -> window.append(List.of(EventLogContract.event("a", null))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void restartAfter_dropsEverything_idsBeforeTheHorizonAreTooOld_andTheHorizonReplaysWhatFollows() {
        InMemoryEventLog window = new InMemoryEventLog(10, 1L << 20, Duration.ofHours(1), wallMillis::get, ORIGIN);
        EncodedEvent early = heldEvent("a");
        window.hold(early);
        EventId horizon = new EventId(nextMillis + 10, 0);
        nextMillis += 20;

        window.restartAfter(horizon);
        EncodedEvent after = heldEvent("b");
        window.hold(after);

        assertThat(window.held().events()).isEqualTo(1);
        assertThat(gap(window.replayAfter(early.event().id(), ALL, 100)).reason()).isEqualTo(ResyncReason.TOO_OLD);
        assertThat(ids(window.replayAfter(horizon, ALL, 100))).containsExactly(after.event().id());
    }

    private static EncodedEvent sized(EventId id, int frameBytes, int payloadChars) {
        ByteBuffer frame = ByteBuffer.allocateDirect(frameBytes);
        frame.position(frameBytes).flip();
        return new EncodedEvent(new Event(id, new EventType("big"), null, null,
                "{\"x\":\"" + "y".repeat(Math.max(0, payloadChars - 8)) + "\"}", Instant.ofEpochMilli(id.millis())),
                frame);
    }

    @Test
    void eventsOlderThanTheMaxAge_areDropped_andTheirIdsAreTooOld() {
        InMemoryEventLog aged = new InMemoryEventLog(100, 1L << 30, Duration.ofMinutes(10), wallMillis::get, ORIGIN);
        EncodedEvent early = heldEvent("a");
        aged.hold(early);
        wallMillis.set(T0 + Duration.ofMinutes(5).toMillis());
        EncodedEvent later = sized(new EventId(wallMillis.get(), 0), 64, 8);
        aged.hold(later);

        wallMillis.set(T0 + Duration.ofMinutes(11).toMillis());

        assertThat(aged.oldestHeld()).contains(later.event().id());
        assertThat(gap(aged.replayAfter(ORIGIN, ALL, 100)).reason()).isEqualTo(ResyncReason.TOO_OLD);
        assertThat(ids(aged.replayAfter(early.event().id(), ALL, 100)))
                .containsExactly(later.event().id());
    }

    @Test
    void memoryBound_dropsTheOldest_andIsNeverExceeded() {
        long bound = 10 * InMemoryEventLog.cost(sized(ORIGIN, 1_000, 500));
        InMemoryEventLog log = new InMemoryEventLog(1_000, bound, Duration.ofHours(1), wallMillis::get, ORIGIN);

        for (int i = 1; i <= 50; i++) {
            log.hold(sized(new EventId(T0 + i, 0), 1_000, 500));
            assertThat(log.held().bytes()).isLessThanOrEqualTo(bound);
        }

        assertThat(log.held().events()).isEqualTo(10);
        assertThat(log.oldestHeld()).contains(new EventId(T0 + 41, 0));
    }

    @Test
    void eventBiggerThanTheWholeBound_isNotHeld_andTheLogStartsAfterIt() {
        InMemoryEventLog log = new InMemoryEventLog(100, 4_096, Duration.ofHours(1), wallMillis::get, ORIGIN);
        EncodedEvent small = sized(new EventId(T0 + 1, 0), 100, 10);
        EncodedEvent huge = sized(new EventId(T0 + 2, 0), 10_000, 10);
        log.hold(small);
        log.hold(huge);

        assertThat(log.held().events()).isZero();
        assertThat(gap(log.replayAfter(small.event().id(), ALL, 100)).reason())
                .isEqualTo(ResyncReason.TOO_OLD);
        assertThat(ids(log.replayAfter(huge.event().id(), ALL, 100))).isEmpty();
    }

    @Test
    void capacityZero_holdsNothing_butAClientThatMissedNothingIsNotToldToResync() {
        InMemoryEventLog none = new InMemoryEventLog(0, 1L << 20, Duration.ofHours(1), wallMillis::get, ORIGIN);
        EncodedEvent first = heldEvent("a");
        EncodedEvent second = heldEvent("b");
        none.hold(first);
        none.hold(second);

        assertThat(none.held().events()).isZero();
        assertThat(ids(none.replayAfter(second.event().id(), ALL, 100))).isEmpty();
        assertThat(gap(none.replayAfter(first.event().id(), ALL, 100)).reason())
                .isEqualTo(ResyncReason.TOO_OLD);
    }

    @Test
    void idFromBeforeTheLogBegan_isUnknown_notTooOld() {
        append(CAPACITY + 3);

        assertThat(gap(log.replayAfter(new EventId(T0 - 60_000, 4), ALL, 100)).reason())
                .isEqualTo(ResyncReason.UNKNOWN_ID);
    }

    @Test
    void beforeAnyEvent_theResumePointIsTheOrigin_theFirstIdTakenAndNeverUsed() {
        assertThat(log.resumePoint()).isEqualTo(ORIGIN);
    }

    @Test
    void holdingAnIdThatDoesNotIncrease_isRefused() {
        InMemoryEventLog window = new InMemoryEventLog(10, 1L << 20, Duration.ofHours(1), wallMillis::get, ORIGIN);
        EncodedEvent first = heldEvent("a");
        window.hold(first);
        window.hold(heldEvent("b"));

        assertThatThrownBy(() -> window.hold(first))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id'");
        assertThat(window.held().events()).isEqualTo(2);
    }

    @Test
    void offeredEightTimesItsByteBound_theLogAccountsForEveryEventItHolds_andStaysWithinTheBound() {
        long bound = 8L << 20;
        InMemoryEventLog log = new InMemoryEventLog(1_000_000, bound, Duration.ofHours(1), wallMillis::get, ORIGIN);
        List<EncodedEvent> offered = new java.util.ArrayList<>();

        // 64 MiB of direct frames plus 64 MiB of payload text offered, eight times the bound
        for (int i = 1; i <= 16_384; i++) {
            EncodedEvent event = sized(new EventId(T0 + i, 0), 4_096, 4_096);
            offered.add(event);
            log.hold(event);
        }

        // the log's own account, checked against what it says it holds: the newest events whose costs fit the bound
        long held = 0;
        int count = 0;
        for (int i = offered.size() - 1; i >= 0 && held + InMemoryEventLog.cost(offered.get(i)) <= bound; i--) {
            held += InMemoryEventLog.cost(offered.get(i));
            count++;
        }
        assertThat(log.held().bytes()).isEqualTo(held).isLessThanOrEqualTo(bound);
        assertThat(log.held().events()).isEqualTo(count).isGreaterThan(900);
        assertThat(log.oldestHeld()).contains(offered.get(offered.size() - count).event().id());
    }
}
