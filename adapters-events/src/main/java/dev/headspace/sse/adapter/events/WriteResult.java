package dev.headspace.sse.adapter.events;

import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.NewEvent;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What became of one event given to the {@link EventWriter}: published, waiting in the outbox to be published, refused,
 * or not published at all because the outbox was full.
 */
public sealed interface WriteResult {

    /** The event was published; this is it, with its id. */
    record Accepted(Event event) implements WriteResult {
        public Accepted {
            Objects.requireNonNull(event, "'event' must not be null");
        }
    }

    /**
     * The shared event log cannot be reached now; the event waits in the node's outbox, behind what waited before it,
     * and has no id yet. {@code appended} completes with it, id and all, once it is appended, or exceptionally if the
     * node stops first.
     */
    record Queued(NewEvent event, CompletionStage<Event> appended) implements WriteResult {
        public Queued {
            Objects.requireNonNull(event, "'event' must not be null");
            Objects.requireNonNull(appended, "'appended' must not be null");
        }
    }

    /**
     * Nothing was published.
     *
     * @param field   the offending field ({@code type}, {@code project_id}, {@code data.session_uuid}, ...)
     * @param message the refusal, naming the field and the rule
     */
    record Refused(String field, String message) implements WriteResult {
        public Refused {
            Objects.requireNonNull(field, "'field' must not be null");
            Objects.requireNonNull(message, "'message' must not be null");
        }
    }

    /**
     * Nothing was published: the shared event log could not be reached and the writer's outbox was full. Not a
     * refusal: the event was fine, and may be written again later.
     */
    record Unavailable(String message) implements WriteResult {
        public Unavailable {
            Objects.requireNonNull(message, "'message' must not be null");
        }
    }
}
