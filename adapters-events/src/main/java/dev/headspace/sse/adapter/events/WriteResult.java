package dev.headspace.sse.adapter.events;

import dev.headspace.sse.domain.Event;
import java.util.Objects;

/** What became of one event given to the {@link EventWriter}: published, refused, or not published for now. */
public sealed interface WriteResult {

    /** The event was published; this is it, with its id. */
    record Accepted(Event event) implements WriteResult {
        public Accepted {
            Objects.requireNonNull(event, "'event' must not be null");
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
