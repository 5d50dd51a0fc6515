package dev.headspace.sse.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A task's move as a {@code state_transition} event states it, whoever published it. The same rules hold as for the
 * state machine's own moves: the event names its project, and the states and trigger are ones the machine knows.
 */
public record StateTransition(ProjectId projectId, AgentId agentId, TaskId taskId, TaskState from, TaskState to,
                              Trigger trigger) {

    public StateTransition {
        Objects.requireNonNull(projectId, "'project_id' must not be null");
        Objects.requireNonNull(agentId, "'agent_id' must not be null");
        Objects.requireNonNull(taskId, "'task_id' must not be null");
        Objects.requireNonNull(from, "'from_state' must not be null");
        Objects.requireNonNull(to, "'to_state' must not be null");
        Objects.requireNonNull(trigger, "'trigger' must not be null");
    }

    /** Whether events of this type state transitions. */
    public static boolean isTransition(EventType type) {
        return EventSchema.STATE_TRANSITION.type().equals(type);
    }

    /**
     * Reads the transition a {@code state_transition} event states: the project (and, when given, the agent) from the
     * event, the rest from its data.
     *
     * @throws InvalidTransitionException naming the field at fault and the rule
     */
    public static StateTransition read(ProjectId project, AgentId agent, Map<String, ?> data) {
        if (project == null) {
            throw new InvalidTransitionException("project_id", "'project_id' is required for type state_transition");
        }
        AgentId dataAgent = field(data, "agent_id", AgentId::new);
        if (agent != null && !agent.equals(dataAgent)) {
            throw new InvalidTransitionException("agent_id", "'agent_id' " + agent + " must match 'data.agent_id' "
                    + dataAgent + " for type state_transition");
        }
        return new StateTransition(project, dataAgent, field(data, "task_id", TaskId::new),
                field(data, "from_state", value -> WireNames.parse(TaskState.values(), TaskState::wireName,
                        "data.from_state", value)),
                field(data, "to_state", value -> WireNames.parse(TaskState.values(), TaskState::wireName,
                        "data.to_state", value)),
                field(data, "trigger", Trigger::parse));
    }

    /** The refusal {@link #read} would throw, or empty when the event states a valid transition. */
    public static Optional<SchemaViolation> check(ProjectId project, AgentId agent, Map<String, ?> data) {
        try {
            read(project, agent, data);
            return Optional.empty();
        } catch (InvalidTransitionException e) {
            return Optional.of(new SchemaViolation(e.field(), e.getMessage()));
        }
    }

    /** Where the agent's task stands after this move, published at {@code at}. */
    public AgentState toAgentState(Instant at) {
        return new AgentState(projectId, agentId, taskId, to, at, trigger);
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T field(Map<String, ?> data, String name, Parser<T> parser) {
        String qualified = "data." + name;
        Object value = data == null ? null : data.get(name);
        if (!(value instanceof String text)) {
            throw new InvalidTransitionException(qualified, "'" + qualified + "' must be a string for type"
                    + " state_transition");
        }
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            // the value objects name the bare field; the producer wrote it inside data
            if (!message.startsWith("'" + qualified + "'")) {
                message = message.replaceFirst("^'[a-z_]+'", "'" + qualified + "'");
            }
            throw new InvalidTransitionException(qualified, message);
        }
    }

    /** A {@code state_transition} event that states no valid transition. */
    public static final class InvalidTransitionException extends IllegalArgumentException {
        private final String field;

        InvalidTransitionException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
