package dev.headspace.sse.domain;

import java.util.Optional;

/** Where an agent's task stands; {@link #next} holds the transitions between states, {@link #COMPLETE} ends a task. */
public enum TaskState {
    IDLE("idle"),
    COMMANDED("commanded"),
    PROCESSING("processing"),
    AWAITING_INPUT("awaiting_input"),
    COMPLETE("complete");

    private final String wireName;

    TaskState(String wireName) {
        this.wireName = wireName;
    }

    /** @throws IllegalArgumentException naming the field and the allowed values */
    public static TaskState fromWireName(String value) {
        return WireNames.parse(values(), TaskState::wireName, "state", value);
    }

    /** The name in events and responses. */
    public String wireName() {
        return wireName;
    }

    /** The state the trigger moves this one to, or empty when the trigger is not allowed here. */
    public Optional<TaskState> next(Trigger trigger) {
        Actor actor = trigger.actor();
        Intent intent = trigger.intent();
        TaskState to = switch (this) {
            case IDLE -> trigger.startsTask() ? COMMANDED : null;
            case COMMANDED, PROCESSING -> actor != Actor.AGENT ? null : switch (intent) {
                case PROGRESS -> PROCESSING;
                case QUESTION -> AWAITING_INPUT;
                case COMPLETION -> COMPLETE;
                default -> null;
            };
            case AWAITING_INPUT -> actor == Actor.USER && intent == Intent.ANSWER ? PROCESSING : null;
            case COMPLETE -> null;
        };
        return Optional.ofNullable(to);
    }

    /** Why {@link #next} refuses the trigger in this state. */
    public String refusalReason(Trigger trigger) {
        String refused = "'trigger' " + trigger + " is not allowed in state " + wireName;
        if (this == AWAITING_INPUT && trigger.startsTask()) {
            return refused + ": start a new task";
        }
        if (this == COMPLETE) {
            return refused + ": complete is terminal";
        }
        return refused;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
