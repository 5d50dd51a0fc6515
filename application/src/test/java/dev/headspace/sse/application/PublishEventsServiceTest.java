package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.embedded.InMemoryAgentStates;
import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.application.testing.TestEncoder;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventSchema;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PublishEventsServiceTest {

    private static final long MILLIS = 1_700_000_000_000L;

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(MILLIS), ZoneOffset.UTC);
    private final ClientRegistry registry = new ClientRegistry(10);
    private final TestEncoder encoder = new TestEncoder();
    private final InMemoryEventLog log = TestServices.log(clock, new EventIdGenerator(clock::millis), encoder);
    private final PublishJoinLock lock = new PublishJoinLock();
    private final SseStatistics sse = new SseStatistics();
    private final InMemoryAgentStates agents = new InMemoryAgentStates();
    private final PublishStatistics statistics = new PublishStatistics();
    private final Broadcast broadcast = new Broadcast(registry, encoder, log, agents, lock, sse);
    private final PublishEventsService service = new PublishEventsService((drafts, key) -> broadcast.all(drafts),
            statistics);
    /** A client that sees every event, to tell what was broadcast. */
    private final FakeEventStream watcher = new FakeEventStream();

    @BeforeEach
    void watchEverything() {
        new SubscribeService(registry, log, lock, 1_000, sse, StreamMetrics.NONE, clock)
                .subscribe(EventFilter.ALL, watcher, null);
    }

    private List<Event> broadcast() {
        return watcher.delivered().stream().map(EncodedEvent::event).toList();
    }

    private static PublishRequest request(String type, Map<String, Object> data) {
        return new PublishRequest(NewEvent.of(type, "{\"json\":\"as sent\"}"), data);
    }

    private static Map<String, Object> sessionEnded() {
        return Map.of("session_uuid", "s-1", "reason", "exit");
    }

    static Stream<Arguments> everyRequiredField() {
        return Stream.of(EventSchema.values())
                .flatMap(schema -> schema.requiredFields().stream().map(field -> Arguments.of(schema, field)));
    }

    @Test
    void validBatch_isBroadcastOnce_inOrder_withConsecutiveIds() {
        PublishResult result = service.publish(List.of(
                request("session_ended", sessionEnded()),
                request("custom.one", Map.of()),
                request("custom.two", null)));

        assertThat(broadcast()).extracting(event -> event.type().value())
                .containsExactly("session_ended", "custom.one", "custom.two");
        assertThat(result).isInstanceOfSatisfying(PublishResult.Accepted.class, accepted -> {
            assertThat(accepted.events()).isEqualTo(broadcast());
            assertThat(accepted.events()).extracting(Event::id).containsExactly(
                    new EventId(MILLIS, 1), new EventId(MILLIS, 2), new EventId(MILLIS, 3));
        });
        assertThat(statistics.published()).isEqualTo(3);
        assertThat(statistics.refused()).isZero();
    }

    @Test
    void batchWithOneBadEvent_publishesNothing_andNamesIndexFieldAndRule() {
        PublishResult result = service.publish(List.of(
                request("session_ended", sessionEnded()),
                request("custom.one", Map.of()),
                request("session_registered", Map.of("session_uuid", "s-2", "project_path", "/p"))));

        assertThat(result).isEqualTo(PublishResult.refused(2, "data.working_directory",
                "'data.working_directory' is required for type session_registered"));
        assertThat(broadcast()).isEmpty();
        assertThat(statistics.published()).isZero();
        assertThat(statistics.refused()).isEqualTo(3);
    }

    @Test
    void severalBadEvents_theFirstIsNamed() {
        PublishResult result = service.publish(List.of(
                request("session_ended", sessionEnded()),
                request("hook_received", Map.of()),
                request("session_ended", Map.of())));

        assertThat(result).isInstanceOfSatisfying(PublishResult.Refused.class,
                refused -> assertThat(refused.index()).isEqualTo(1));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("everyRequiredField")
    void missingRequiredField_isRefused_namingFieldAndType(EventSchema schema, String field) {
        Map<String, Object> data = new HashMap<>();
        schema.requiredFields().forEach(name -> data.put(name, "x"));
        data.remove(field);

        PublishResult result = service.publish(List.of(request(schema.type().value(), data)));

        assertThat(result).isEqualTo(PublishResult.refused(0, "data." + field,
                "'data." + field + "' is required for type " + schema.type().value()));
        assertThat(broadcast()).isEmpty();
    }

    @ParameterizedTest(name = "{0} with null {1}")
    @MethodSource("everyRequiredField")
    void jsonNullField_countsAsMissing(EventSchema schema, String field) {
        Map<String, Object> data = new HashMap<>();
        schema.requiredFields().forEach(name -> data.put(name, "x"));
        data.put(field, null);

        PublishResult result = service.publish(List.of(request(schema.type().value(), data)));

        assertThat(result).isInstanceOfSatisfying(PublishResult.Refused.class,
                refused -> assertThat(refused.field()).isEqualTo("data." + field));
        assertThat(broadcast()).isEmpty();
    }

    @Test
    void unknownType_isPublished_withAnyPayload() {
        PublishResult result = service.publish(List.of(request("agent.heartbeat", Map.of("anything", List.of(1)))));

        assertThat(result).isInstanceOf(PublishResult.Accepted.class);
        assertThat(broadcast()).extracting(Event::payloadJson).containsExactly("{\"json\":\"as sent\"}");
    }

    @Test
    void emptyBatch_isAccepted_andBroadcastsNothing() {
        assertThat(service.publish(List.of())).isEqualTo(PublishResult.accepted(List.of()));
        assertThat(broadcast()).isEmpty();
    }

    @Test
    void counters_addUpAcrossBatches() {
        service.publish(List.of(request("a", null), request("b", null)));
        service.publish(List.of(request("session_ended", Map.of())));
        service.publish(List.of(request("c", null)));

        assertThat(statistics.published()).isEqualTo(3);
        assertThat(statistics.refused()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"resync", "shutdown", "error", "open"})
    void reservedType_inABatch_publishesNothing_andNamesTheField(String type) {
        PublishResult result = service.publish(List.of(request("custom.one", Map.of()), request(type, Map.of())));

        assertThat(result).isInstanceOfSatisfying(PublishResult.Refused.class, refused -> {
            assertThat(refused.index()).isEqualTo(1);
            assertThat(refused.field()).isEqualTo("type");
            assertThat(refused.message()).startsWith("'type' must not be a reserved type").endsWith("\"" + type + "\"");
        });
        assertThat(broadcast()).isEmpty();
        assertThat(statistics.published()).isZero();
    }
}
