package dev.headspace.sse.adapter.events;

import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.Event;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What became of a trigger given to the {@link AgentStateMachine}: a published move, a move waiting in the outbox to be
 * published, or a refusal that changed nothing.
 */
public sealed interface TransitionResult {

    /** The agent moved to {@code state}; {@code event} is the state_transition event that says so. */
    record Accepted(AgentState state, Event event) implements TransitionResult {
        public Accepted {
            Objects.requireNonNull(state, "'state' must not be null");
            Objects.requireNonNull(event, "'event' must not be null");
        }
    }

    /**
     * The agent moved to {@code state}, but the shared log cannot be reached: the state_transition event waits in the
     * outbox, in order, and {@code appended} completes with it once it is published. Later moves of the agent follow
     * from this state and wait behind it.
     */
    record Queued(AgentState state, CompletionStage<Event> appended) implements TransitionResult {
        public Queued {
            Objects.requireNonNull(state, "'state' must not be null");
            Objects.requireNonNull(appended, "'appended' must not be null");
        }
    }

    /** The agent's state is unchanged and nothing was published. */
    record Refused(String reason) implements TransitionResult {
        public Refused {
            Objects.requireNonNull(reason, "'reason' must not be null");
        }
    }
}
