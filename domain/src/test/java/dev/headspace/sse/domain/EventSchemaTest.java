package dev.headspace.sse.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EventSchemaTest {

    static Stream<Arguments> everyRequiredField() {
        return Stream.of(EventSchema.values())
                .flatMap(schema -> schema.requiredFields().stream().map(field -> Arguments.of(schema, field)));
    }

    static Map<String, Object> complete(EventSchema schema) {
        Map<String, Object> data = new HashMap<>();
        schema.requiredFields().forEach(field -> data.put(field, "value of " + field));
        return data;
    }

    @Test
    void knownTypes_requireTheirFields() {
        assertThat(EventSchema.SESSION_REGISTERED.requiredFields())
                .containsExactly("session_uuid", "project_path", "working_directory");
        assertThat(EventSchema.SESSION_ENDED.requiredFields()).containsExactly("session_uuid", "reason");
        assertThat(EventSchema.TURN_DETECTED.requiredFields())
                .containsExactly("session_uuid", "actor", "text", "source", "turn_timestamp");
        assertThat(EventSchema.STATE_TRANSITION.requiredFields())
                .containsExactly("agent_id", "task_id", "from_state", "to_state", "trigger");
        assertThat(EventSchema.HOOK_RECEIVED.requiredFields())
                .containsExactly("hook_type", "session_id", "working_directory");
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("everyRequiredField")
    void missingField_isRefused_namingFieldAndType(EventSchema schema, String field) {
        Map<String, Object> data = complete(schema);
        data.remove(field);

        assertThat(EventSchema.validate(schema.type(), data)).contains(new SchemaViolation("data." + field,
                "'data." + field + "' is required for type " + schema.type().value()));
    }

    @ParameterizedTest(name = "{0} with null {1}")
    @MethodSource("everyRequiredField")
    void nullField_isRefused_likeAMissingOne(EventSchema schema, String field) {
        Map<String, Object> data = complete(schema);
        data.put(field, null);

        assertThat(EventSchema.validate(schema.type(), data)).get()
                .extracting(SchemaViolation::field).isEqualTo("data." + field);
    }

    @ParameterizedTest
    @EnumSource(EventSchema.class)
    void completePayload_withExtraFields_isAccepted(EventSchema schema) {
        Map<String, Object> data = complete(schema);
        data.put("extra", Map.of("nested", 1));

        assertThat(EventSchema.validate(schema.type(), data)).isEmpty();
    }

    @Test
    void emptyPayload_ofKnownType_namesTheFirstRequiredField() {
        assertThat(EventSchema.validate(new EventType("session_ended"), Map.of()))
                .get().extracting(SchemaViolation::message)
                .isEqualTo("'data.session_uuid' is required for type session_ended");
    }

    @Test
    void unknownType_acceptsAnyPayload() {
        assertThat(EventSchema.of(new EventType("custom.metric"))).isEmpty();
        assertThat(EventSchema.validate(new EventType("custom.metric"), Map.of())).isEmpty();
        assertThat(EventSchema.validate(new EventType("custom.metric"), null)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"resync", "shutdown", "error", "open"})
    void reservedType_isRefusedAtPublish_namingTheFieldAndTheRule(String type) {
        NewEvent event = NewEvent.of(type, "{}");

        assertThat(EventSchema.validate(event, Map.of())).contains(new SchemaViolation("type",
                "'type' must not be a reserved type (error, open, resync, shutdown: the server's own control events"
                        + " and EventSource's own event names), got \"" + type + "\""));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Shutdown", "RESYNC", "errors", "resync.x", "message"})
    void typeThatOnlyResemblesAReservedOne_isAllowed(String type) {
        // EventSource dispatches by the exact name: "Shutdown" never reaches a listener for "shutdown"
        assertThat(new EventType(type).isReserved()).isFalse();
        assertThat(EventSchema.validate(NewEvent.of(type, "{}"), Map.of())).isEmpty();
    }

    @Test
    void reservedList_isTheServersControlEventsAndEventSourcesOwnNames() {
        assertThat(EventType.RESERVED).extracting(EventType::value)
                .containsExactlyInAnyOrder("resync", "shutdown", "error", "open");
    }
}
