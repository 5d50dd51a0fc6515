package dev.headspace.sse.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event types whose payload the hub knows, with the fields each requires. Any other type that passes
 * {@link EventType}'s syntax carries whatever payload its producer chooses.
 */
public enum EventSchema {
    SESSION_REGISTERED("session_registered", "session_uuid", "project_path", "working_directory"),
    SESSION_ENDED("session_ended", "session_uuid", "reason"),
    TURN_DETECTED("turn_detected", "session_uuid", "actor", "text", "source", "turn_timestamp"),
    STATE_TRANSITION("state_transition", "agent_id", "task_id", "from_state", "to_state", "trigger"),
    HOOK_RECEIVED("hook_received", "hook_type", "session_id", "working_directory");

    private final EventType type;
    private final List<String> requiredFields;

    EventSchema(String type, String... requiredFields) {
        this.type = new EventType(type);
        this.requiredFields = List.of(requiredFields);
    }

    /** The schema of a known type, or empty for a type the hub does not know. */
    public static Optional<EventSchema> of(EventType type) {
        return Arrays.stream(values()).filter(schema -> schema.type.equals(type)).findFirst();
    }

    /** Checks a payload against its type's schema; a type without one accepts any payload. */
    public static Optional<SchemaViolation> validate(EventType type, Map<String, ?> data) {
        return of(type).flatMap(schema -> schema.check(data));
    }

    /**
     * Checks an event to publish: that its type is not {@linkplain EventType#isReserved() reserved}, its payload
     * against its type's schema and, for a {@code state_transition}, the transition it states (which the agents view
     * will follow).
     */
    public static Optional<SchemaViolation> validate(NewEvent event, Map<String, ?> data) {
        if (event.type().isReserved()) {
            return Optional.of(new SchemaViolation("type",
                    "'type' " + EventType.RESERVED_RULE + ", got \"" + event.type().value() + "\""));
        }
        Optional<SchemaViolation> violation = validate(event.type(), data);
        if (violation.isEmpty() && StateTransition.isTransition(event.type())) {
            violation = StateTransition.check(event.projectId(), event.agentId(), data);
        }
        return violation;
    }

    public EventType type() {
        return type;
    }

    /** The payload's top-level fields that must be present and not null, in the order they are checked. */
    public List<String> requiredFields() {
        return requiredFields;
    }

    /** The first required field that is missing or null, if any; JSON null counts as missing. */
    public Optional<SchemaViolation> check(Map<String, ?> data) {
        for (String field : requiredFields) {
            if (data == null || data.get(field) == null) {
                String name = "data." + field;
                return Optional.of(new SchemaViolation(name, "'" + name + "' is required for type " + type));
            }
        }
        return Optional.empty();
    }
}
