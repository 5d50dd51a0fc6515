package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.Event;
import java.util.List;
import java.util.Objects;

/** What became of a batch: every event published, or none because one was refused or the log was unavailable. */
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
     * Nothing was published because the event log cannot be reached now; the same batch may be offered again later.
     *
     * @param message what failed
     */
    record Unavailable(String message) implements PublishResult {
        public Unavailable {
            Objects.requireNonNull(message, "'message' must not be null");
        }
    }
}
