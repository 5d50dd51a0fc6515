package dev.headspace.sse.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.EventLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} does, whatever keeps its events: each implementation's test extends this class and
 * says how to make a log that holds {@value #CAPACITY} events and whose ids start after {@link #ORIGIN}.
 */
public abstract class EventLogContract {

    protected static final int CAPACITY = 5;
    protected static final long T0 = 1_800_000_000_000L;
    protected static final EventId ORIGIN = new EventId(T0, 0);
    protected static final EventFilter ALL = EventFilter.ALL;

    private long nextMillis = T0 + 1;
    protected EventLog log;

    /** A log holding at most {@value #CAPACITY} events, bounded by nothing else the tests reach. */
    protected abstract EventLog newLog();

    @BeforeEach
    public void createLog() {
        log = newLog();
    }

    protected EncodedEvent event(String type, String project) {
        EventId id = new EventId(nextMillis++, 0);
        String sse = "id: " + id + "\nevent: " + type + "\ndata: {}\n\n";
        ByteBuffer frame = ByteBuffer.allocateDirect(sse.length());
        frame.put(sse.getBytes(StandardCharsets.US_ASCII)).flip();
        return new EncodedEvent(new Event(id, new EventType(type), project == null ? null : new ProjectId(project),
                null, "{}", Instant.ofEpochMilli(id.millis())), frame);
    }

    protected List<EncodedEvent> append(int count) {
        List<EncodedEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            EncodedEvent event = event("t" + i, null);
            log.append(event);
            events.add(event);
        }
        return events;
    }

    protected static List<EventId> ids(Replay replay) {
        assertThat(replay).isInstanceOf(Replay.Events.class);
        return ((Replay.Events) replay).events().stream().map(e -> e.event().id()).toList();
    }

    protected static List<EventId> idsOf(List<EncodedEvent> events) {
        return events.stream().map(e -> e.event().id()).toList();
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
        List<EncodedEvent> events = append(3);

        assertThat(ids(log.replayAfter(before, ALL, 100))).isEqualTo(idsOf(events));
    }

    @Test
    public void afterAHeldId_onlyLaterEventsAreReplayed() {
        List<EncodedEvent> events = append(4);

        assertThat(ids(log.replayAfter(events.get(1).event().id(), ALL, 100)))
                .isEqualTo(idsOf(events.subList(2, 4)));
    }

    @Test
    public void replayedEvents_areTheAppendedObjects_notCopies() {
        List<EncodedEvent> events = append(2);

        Replay.Events replay = (Replay.Events) log.replayAfter(events.get(0).event().id(), ALL, 100);

        assertThat(replay.events().get(0)).isSameAs(events.get(1));
    }

    @Test
    public void afterTheNewestId_nothingIsMissed() {
        List<EncodedEvent> events = append(3);

        assertThat(ids(log.replayAfter(events.get(2).event().id(), ALL, 100))).isEmpty();
        assertThat(log.resumePoint()).isEqualTo(events.get(2).event().id());
    }

    @Test
    public void filter_choosesWhatIsReplayed() {
        EventId before = log.resumePoint();
        EncodedEvent a = event("a", "p");
        EncodedEvent b = event("b", "p");
        EncodedEvent c = event("a", "q");
        log.append(a);
        log.append(b);
        log.append(c);

        Replay replay = log.replayAfter(before, EventFilter.parse(List.of("a"), List.of("p"), List.of()), 100);

        assertThat(ids(replay)).containsExactly(a.event().id());
    }

    @Test
    public void idAfterTheNewest_isUnknown() {
        List<EncodedEvent> events = append(2);
        EventId future = new EventId(events.get(1).event().id().millis() + 1_000, 0);

        Replay.Gap gap = gap(log.replayAfter(future, ALL, 100));

        assertThat(gap.reason()).isEqualTo(ResyncReason.UNKNOWN_ID);
        assertThat(gap.oldestHeld()).isEqualTo(events.get(0).event().id());
    }

    @Test
    public void idBetweenHeldIds_thatTheLogNeverGaveOut_isUnknown() {
        List<EncodedEvent> events = append(2);
        EventId between = new EventId(events.get(0).event().id().millis(), 7);

        assertThat(gap(log.replayAfter(between, ALL, 100)).reason())
                .isEqualTo(ResyncReason.UNKNOWN_ID);
    }

    @Test
    public void pastItsCapacity_theOldestAreDropped_andTheirIdsAreTooOld() {
        List<EncodedEvent> events = append(CAPACITY + 2);

        assertThat(log.held().events()).isEqualTo(CAPACITY);
        assertThat(log.oldestHeld()).contains(events.get(2).event().id());
        Replay.Gap gap = gap(log.replayAfter(events.get(0).event().id(), ALL, 100));
        assertThat(gap.reason()).isEqualTo(ResyncReason.TOO_OLD);
        assertThat(gap.oldestHeld()).isEqualTo(events.get(2).event().id());
    }

    @Test
    public void theLastDroppedId_stillReplaysEverythingHeld() {
        List<EncodedEvent> events = append(CAPACITY + 2);

        assertThat(ids(log.replayAfter(events.get(1).event().id(), ALL, 100)))
                .isEqualTo(idsOf(events.subList(2, CAPACITY + 2)));
    }

    @Test
    public void moreMatchingEventsThanTheReplayMay_carry_isTooLong_butExactlyAsManyIsNot() {
        EventId before = log.resumePoint();
        append(4);

        assertThat(ids(log.replayAfter(before, ALL, 4))).hasSize(4);
        assertThat(gap(log.replayAfter(before, ALL, 3)).reason())
                .isEqualTo(ResyncReason.REPLAY_TOO_LONG);
    }

    @Test
    public void onlyMatchingEventsCount_againstTheReplayLength() {
        EventId before = log.resumePoint();
        append(4);
        EncodedEvent wanted = event("wanted", null);
        log.append(wanted);

        EventFilter onlyWanted = EventFilter.parse(List.of("wanted"), List.of(), List.of());
        assertThat(ids(log.replayAfter(before, onlyWanted, 1))).containsExactly(wanted.event().id());
    }
}
