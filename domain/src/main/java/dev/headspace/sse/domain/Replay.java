package dev.headspace.sse.domain;

import java.util.List;
import java.util.Objects;

/** The answer of the {@link EventLog} to a reconnecting client: the events it missed, or why it cannot have them. */
public sealed interface Replay {

    /** Every event the client missed that matches its filter, oldest first; empty when it missed none. */
    record Events(List<EncodedEvent> events) implements Replay {
        public Events {
            events = List.copyOf(events);
        }
    }

    /**
     * The client must reload its state: what it missed is not (or not all) in the log.
     *
     * @param oldestHeld the oldest id the log still holds, or null when it holds none
     */
    record Gap(ResyncReason reason, EventId oldestHeld) implements Replay {
        public Gap {
            Objects.requireNonNull(reason, "'reason' must not be null");
        }
    }
}
