package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.NewEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Consecutive entries of the shared event log, as a node's reader read them.
 *
 * @param continuity whether they follow on from the entries applied before them
 * @param horizon    for a break, the id the node's window starts again after: every id below it is lost to this node
 * @param events     oldest first; may be empty (a new epoch seen before any entry of it)
 */
public record LoggedEvents(Continuity continuity, EventId horizon, List<Entry> events) {

    /** Whether entries follow on from those applied before them. */
    public enum Continuity {
        /** They do. */
        CONTINUES,
        /** Entries between them were trimmed from the log before this node read them: its clients resync (too_old). */
        GAP,
        /** The log lost its data (a new epoch): ids its clients hold mean nothing now; they resync (unknown_id). */
        NEW_EPOCH
    }

    /**
     * One entry: the event with the id the log gave it, and its payload's top-level fields.
     *
     * @param data the payload parsed (maps, lists, strings, numbers, booleans, nulls), as {@link PublishRequest}
     */
    public record Entry(EventId id, NewEvent event, Map<String, Object> data) {
        public Entry {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(event, "'event' must not be null");
            data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    public LoggedEvents {
        Objects.requireNonNull(continuity, "'continuity' must not be null");
        if (continuity != Continuity.CONTINUES) {
            Objects.requireNonNull(horizon, "'horizon' must not be null for a break");
        }
        events = List.copyOf(events);
    }

    public static LoggedEvents continuing(List<Entry> events) {
        return new LoggedEvents(Continuity.CONTINUES, null, events);
    }
}
