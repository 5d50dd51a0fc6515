package dev.headspace.sse.adapter.events;

import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.Event;
import java.util.Objects;

/** What became of a trigger given to the {@link AgentStateMachine}: a published move, or a refusal that changed nothing. */
public sealed interface TransitionResult {

    /** The agent moved to {@code state}; {@code event} is the state_transition event that says so. */
    record Accepted(AgentState state, Event event) implements TransitionResult {
        public Accepted {
            Objects.requireNonNull(state, "'state' must not be null");
            Objects.requireNonNull(event, "'event' must not be null");
        }
    }

    /** The agent's state is unchanged and nothing was published. */
    record Refused(String reason) implements TransitionResult {
        public Refused {
            Objects.requireNonNull(reason, "'reason' must not be null");
        }
    }
}
