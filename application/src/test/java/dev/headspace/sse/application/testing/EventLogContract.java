package dev.headspace.sse.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} does, whatever keeps its events: each implementation's test extends this class and
 * says how to make an empty log that holds {@value #CAPACITY} events. Every case works with the ids {@code append}
 * returns, never with ids of its own making.
 */
public abstract class EventLogContract {

    protected static final int CAPACITY = 5;
    protected static final EventFilter ALL = EventFilter.ALL;

    protected EventLog log;

    /** An empty log holding at most {@value #CAPACITY} events, bounded by nothing else the tests reach. */
    protected abstract EventLog newLog();

    /** Lets the log's clock move on, so the next id has a later time than every id before it. */
    protected abstract void letTimePass();

    @BeforeEach
    public void createLog() {
        log = newLog();
    }

    protected static NewEvent event(String type, String project) {
        return new NewEvent(new EventType(type), project == null ? null : new ProjectId(project), null,
                "{\"n\":\"" + type + "\"}", null);
    }

    protected EventId appendOne(String type, String project) {
        List<EventId> ids = log.append(List.of(event(type, project)));
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    /** Appends {@code count} events, one call each, and returns their ids. */
    protected List<EventId> append(int count) {
        List<EventId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(appendOne("t" + i, null));
        }
        return ids;
    }

    protected static List<EventId> ids(Replay replay) {
        assertThat(replay).isInstanceOf(Replay.Events.class);
        return ((Replay.Events) replay).events().stream().map(e -> e.event().id()).toList();
    }

    protected static Replay.Gap gap(Replay replay) {
        assertThat(replay).isInstanceOf(Replay.Gap.class);
        return (Replay.Gap) replay;
    }

    @Test
    public void emptyLog_resumingFromItsResumePoint_replaysNothing() {
        assertThat(ids(log.replayAfter(log.resumePoint(), ALL, 100))).isEmpty();
        assertThat(log.held()).isEqualTo(QueueDepth.EMPTY);
        assertThat(log.oldestHeld()).isEmpty();
    }

    @Test
    public void fromTheResumePointBeforeAnyEvent_everyEventIsReplayed_inOrder() {
        EventId before = log.resumePoint();
        List<EventId> appended = append(3);

        assertThat(appended).isSorted().doesNotHaveDuplicates();
        assertThat(ids(log.replayAfter(before, ALL, 100))).isEqualTo(appended);
    }

    @Test
    public void aBatch_getsConsecutiveIdsInOrder_andReplaysAsSent() {
        EventId before = appendOne("before", null);
        List<EventId> batch = log.append(List.of(event("a", null), event("b", null), event("c", null)));

        assertThat(batch).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(batch.get(0)).isGreaterThan(before);
        Replay.Events replay = (Replay.Events) log.replayAfter(before, ALL, 100);
        assertThat(replay.events()).extracting(e -> e.event().id()).isEqualTo(batch);
        assertThat(replay.events()).extracting(e -> e.event().type().value()).containsExactly("a", "b", "c");
        assertThat(replay.events()).extracting(e -> e.event().payloadJson()).containsExactly("{\"n\":\"a\"}",
                "{\"n\":\"b\"}", "{\"n\":\"c\"}");
    }

    @Test
    public void batchesFromTwoThreads_areNeverInterleaved() throws Exception {
        EventId before = log.resumePoint();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Callable<List<EventId>>> work = new ArrayList<>();
            for (String type : List.of("x", "y")) {
                work.add(() -> log.append(List.of(event(type, null), event(type, null))));
            }
            List<EventId> replayed = List.of();
            for (Future<List<EventId>> done : threads.invokeAll(work)) {
                List<EventId> batch = done.get();
                replayed = ids(log.replayAfter(before, ALL, 100));
                int at = replayed.indexOf(batch.get(0));
                assertThat(at).isNotNegative();
                assertThat(replayed.get(at + 1)).isEqualTo(batch.get(1));
            }
            assertThat(replayed).hasSize(4).isSorted();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    public void afterAHeldId_onlyLaterEventsAreReplayed() {
        List<EventId> appended = append(4);

        assertThat(ids(log.replayAfter(appended.get(1), ALL, 100))).isEqualTo(appended.subList(2, 4));
    }

    @Test
    public void afterTheNewestId_nothingIsMissed() {
        List<EventId> appended = append(3);

        assertThat(ids(log.replayAfter(appended.get(2), ALL, 100))).isEmpty();
        assertThat(log.resumePoint()).isEqualTo(appended.get(2));
    }

    @Test
    public void filter_choosesWhatIsReplayed() {
        EventId before = log.resumePoint();
        EventId a = appendOne("a", "p");
        appendOne("b", "p");
        appendOne("a", "q");

        Replay replay = log.replayAfter(before, EventFilter.parse(List.of("a"), List.of("p"), List.of()), 100);

        assertThat(ids(replay)).containsExactly(a);
    }

    @Test
    public void idAfterTheNewest_isUnknown() {
        List<EventId> appended = append(2);
        EventId future = new EventId(appended.get(1).millis() + 1_000, 0);

        Replay.Gap gap = gap(log.replayAfter(future, ALL, 100));

        assertThat(gap.reason()).isEqualTo(ResyncReason.UNKNOWN_ID);
        assertThat(gap.oldestHeld()).isEqualTo(appended.get(0));
    }

    @Test
    public void idBetweenHeldIds_thatTheLogNeverGaveOut_isUnknown() {
        EventId first = appendOne("a", null);
        letTimePass();
        EventId second = appendOne("b", null);
        assertThat(second.millis()).isGreaterThan(first.millis());
        EventId between = new EventId(first.millis(), first.sequence() + 1);

        assertThat(gap(log.replayAfter(between, ALL, 100)).reason()).isEqualTo(ResyncReason.UNKNOWN_ID);
    }

    @Test
    public void idBelowEveryIdTheLogGaveOut_isUnknown() {
        EventId first = appendOne("a", null);
        EventId earlier = new EventId(first.millis() - 60_000, 4);

        assertThat(gap(log.replayAfter(earlier, ALL, 100)).reason()).isEqualTo(ResyncReason.UNKNOWN_ID);
    }

    @Test
    public void pastItsCapacity_theOldestAreDropped_andTheirIdsAreTooOld() {
        List<EventId> appended = append(CAPACITY + 2);

        assertThat(log.held().events()).isEqualTo(CAPACITY);
        assertThat(log.oldestHeld()).contains(appended.get(2));
        Replay.Gap gap = gap(log.replayAfter(appended.get(0), ALL, 100));
        assertThat(gap.reason()).isEqualTo(ResyncReason.TOO_OLD);
        assertThat(gap.oldestHeld()).isEqualTo(appended.get(2));
    }

    @Test
    public void theLastDroppedId_stillReplaysEverythingHeld() {
        List<EventId> appended = append(CAPACITY + 2);

        assertThat(ids(log.replayAfter(appended.get(1), ALL, 100))).isEqualTo(appended.subList(2, CAPACITY + 2));
    }

    @Test
    public void moreMatchingEventsThanTheReplayMay_carry_isTooLong_butExactlyAsManyIsNot() {
        EventId before = log.resumePoint();
        append(4);

        assertThat(ids(log.replayAfter(before, ALL, 4))).hasSize(4);
        assertThat(gap(log.replayAfter(before, ALL, 3)).reason()).isEqualTo(ResyncReason.REPLAY_TOO_LONG);
    }

    @Test
    public void onlyMatchingEventsCount_againstTheReplayLength() {
        EventId before = log.resumePoint();
        append(4);
        EventId wanted = appendOne("wanted", null);

        EventFilter onlyWanted = EventFilter.parse(List.of("wanted"), List.of(), List.of());
        assertThat(ids(log.replayAfter(before, onlyWanted, 1))).containsExactly(wanted);
    }
}
