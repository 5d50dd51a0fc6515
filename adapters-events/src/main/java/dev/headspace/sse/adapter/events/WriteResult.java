package dev.headspace.sse.adapter.events;

import dev.headspace.sse.domain.Event;
import java.util.Objects;

/** What became of one event given to the {@link EventWriter}: published, or refused and not published at all. */
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
}
