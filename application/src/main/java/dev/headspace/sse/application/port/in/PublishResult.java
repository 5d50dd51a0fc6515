package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.NewEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What became of a batch: every event published, none because one was refused or the log was unavailable, or (for an
 * in-process producer on a shared log it cannot reach) every event waiting in the outbox, in order, to be appended.
 */
public sealed interface PublishResult {

    static PublishResult accepted(List<Event> events) {
        return new Accepted(events);
    }

    static PublishResult refused(int index, String field, String message) {
        return new Refused(index, field, message);
    }

    static PublishResult unavailable(String message) {
        return new Unavailable(message);
    }

    /** Every event of the batch was published, in order, with consecutive ids. */
    record Accepted(List<Event> events) implements PublishResult {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    /**
     * Nothing was published because the event at {@code index} broke a rule.
     *
     * @param index   the refused event's position in the batch, from 0
     * @param field   the offending field ({@code data.session_uuid})
     * @param message the refusal, naming the field and the rule
     */
    record Refused(int index, String field, String message) implements PublishResult {
        public Refused {
            if (index < 0) {
                throw new IllegalArgumentException("'index' must be >= 0, got " + index);
            }
            Objects.requireNonNull(field, "'field' must not be null");
            Objects.requireNonNull(message, "'message' must not be null");
        }
    }

    /**
     * The shared log cannot be reached now and the batch waits in the node's outbox, behind what waited before it; it
     * has no ids yet. {@code appended} completes with the events, ids and all, once it is appended, or exceptionally
     * if the node stops first.
     *
     * @param events the batch as it waits, each with its time (the time it was queued, where it had none)
     */
    record Queued(List<NewEvent> events, CompletionStage<List<Event>> appended) implements PublishResult {
        public Queued {
            events = List.copyOf(events);
            Objects.requireNonNull(appended, "'appended' must not be null");
        }
    }

    /**
     * Nothing was published because the event log cannot be reached now (and, for an in-process producer, its outbox is
     * full); the same batch may be offered again later.
     *
     * @param message what failed
     */
    record Unavailable(String message) implements PublishResult {
        public Unavailable {
            Objects.requireNonNull(message, "'message' must not be null");
        }
    }
}
