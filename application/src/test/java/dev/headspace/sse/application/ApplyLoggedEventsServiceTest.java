package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.embedded.InMemoryAgentStates;
import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.application.port.in.LoggedEvents;
import dev.headspace.sse.application.port.in.LoggedEvents.Continuity;
import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.application.testing.TestEncoder;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the reader of a shared log hands over becomes broadcasts, held in the node's window; breaks resync clients. */
@Timeout(10)
class ApplyLoggedEventsServiceTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final EventId ORIGIN = new EventId(T0, 0);

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
    private final ClientRegistry registry = new ClientRegistry(10);
    private final SseStatistics statistics = new SseStatistics();
    private final PublishJoinLock lock = new PublishJoinLock();
    private final InMemoryEventLog window = new InMemoryEventLog(100, 1L << 20, Duration.ofHours(1), clock::millis,
            ORIGIN);
    private final InMemoryAgentStates agents = new InMemoryAgentStates();
    private final ApplyLoggedEventsService service = new ApplyLoggedEventsService(
            new Broadcast(registry, new TestEncoder(), window, agents, lock, statistics));
    private final SubscribeService subscribe = new SubscribeService(registry, window, lock, 1_000, statistics,
            StreamMetrics.NONE, clock);

    private static LoggedEvents.Entry entry(long millis, String type) {
        return new LoggedEvents.Entry(new EventId(millis, 0), NewEvent.of(type, "{}"), Map.of());
    }

    private FakeEventStream client() {
        FakeEventStream stream = new FakeEventStream();
        subscribe.subscribe(EventFilter.ALL, stream, null);
        return stream;
    }

    private static List<EventId> ids(FakeEventStream stream) {
        return stream.delivered().stream().map(EncodedEvent::event).map(e -> e.id()).toList();
    }

    @Test
    void entries_areDeliveredInOrder_withTheirIds_andHeldInTheWindow() {
        FakeEventStream stream = client();

        service.apply(LoggedEvents.continuing(List.of(entry(T0 + 1, "a"), entry(T0 + 2, "b"))));

        assertThat(ids(stream)).containsExactly(new EventId(T0 + 1, 0), new EventId(T0 + 2, 0));
        assertThat(window.resumePoint()).isEqualTo(new EventId(T0 + 2, 0));
        assertThat(((Replay.Events) window.replayAfter(new EventId(T0 + 1, 0), EventFilter.ALL, 10)).events())
                .extracting(e -> e.event().type().value()).containsExactly("b");
    }

    @Test
    void entriesReadAgain_atOrBelowTheNewestApplied_areSkipped() {
        FakeEventStream stream = client();
        service.apply(LoggedEvents.continuing(List.of(entry(T0 + 1, "a"), entry(T0 + 2, "b"))));

        service.apply(LoggedEvents.continuing(List.of(entry(T0 + 2, "b"), entry(T0 + 3, "c"))));

        assertThat(ids(stream)).containsExactly(new EventId(T0 + 1, 0), new EventId(T0 + 2, 0),
                new EventId(T0 + 3, 0));
        assertThat(statistics.eventsBroadcast()).isEqualTo(3);
    }

    @Test
    void gap_tellsEveryClientToResyncTooOld_fromTheHorizon_thenDeliversWhatFollows() {
        FakeEventStream stream = client();
        service.apply(LoggedEvents.continuing(List.of(entry(T0 + 1, "a"))));
        EventId horizon = new EventId(T0 + 49, 0);

        service.apply(new LoggedEvents(Continuity.GAP, horizon, List.of(entry(T0 + 50, "z"))));

        assertThat(stream.resyncs()).singleElement().satisfies(resync -> {
            assertThat(resync.reason()).isEqualTo(ResyncReason.TOO_OLD);
            assertThat(resync.resumeFrom()).isEqualTo(horizon);
        });
        assertThat(ids(stream)).containsExactly(new EventId(T0 + 1, 0), new EventId(T0 + 50, 0));
        assertThat(((Replay.Gap) window.replayAfter(new EventId(T0 + 1, 0), EventFilter.ALL, 10)).reason())
                .isEqualTo(ResyncReason.TOO_OLD);
        assertThat(statistics.resyncs(ResyncReason.TOO_OLD)).isEqualTo(1);
    }

    @Test
    void newEpoch_tellsEveryClientToResyncUnknownId_evenWithNoEntryYet() {
        FakeEventStream stream = client();
        service.apply(LoggedEvents.continuing(List.of(entry(T0 + 1, "a"))));

        service.apply(new LoggedEvents(Continuity.NEW_EPOCH, new EventId(0, 0), List.of()));

        assertThat(stream.resyncs()).extracting(Resync::reason).containsExactly(ResyncReason.UNKNOWN_ID);
        assertThat(window.resumePoint()).isEqualTo(new EventId(0, 0));
    }

    @Test
    void aClientThatResumedFromTheSharedLog_skipsWhatItWasGiven_untilTheLogStartsOver() {
        FakeEventStream inner = new FakeEventStream();
        ResumedEventStream resumed = new ResumedEventStream(inner);
        registry.reserve();
        registry.add(new RegisteredSubscription(99, EventFilter.ALL, resumed, clock.instant(), registry, statistics));
        resumed.givenThrough(new EventId(T0 + 2, 0));

        service.apply(LoggedEvents.continuing(List.of(entry(T0 + 1, "a"), entry(T0 + 2, "b"), entry(T0 + 3, "c"))));
        service.apply(new LoggedEvents(Continuity.NEW_EPOCH, new EventId(0, 0), List.of(entry(T0 - 5, "d"))));

        assertThat(ids(inner)).containsExactly(new EventId(T0 + 3, 0), new EventId(T0 - 5, 0));
    }

    @Test
    void aLoggedTransition_movesTheAgentsView() {
        Map<String, Object> data = Map.of("agent_id", "agent-1", "task_id", "t-1", "from_state", "idle",
                "to_state", "commanded", "trigger", "user:command");
        NewEvent transition = new NewEvent(new EventType("state_transition"), new ProjectId("p"), null, "{}", null);

        service.apply(LoggedEvents.continuing(List.of(
                new LoggedEvents.Entry(new EventId(T0 + 1, 0), transition, data))));

        assertThat(agents.all()).singleElement().satisfies(state ->
                assertThat(state.state().wireName()).isEqualTo("commanded"));
    }
}
