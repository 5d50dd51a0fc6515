package dev.headspace.sse.domain.port;

import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Replay;
import java.util.Optional;

/**
 * The recent events, in publish order, kept so that a client that reconnects is sent exactly what it missed, or told
 * that it cannot be.
 */
public interface EventLog {

    /** Adds the newest event; ids only increase. The broadcast calls it in publish order, before any client sees it. */
    void append(EncodedEvent event);

    /**
     * What a client that last saw {@code lastSeen} missed: every later event matching the filter, in order, or the
     * reason they cannot all be given.
     *
     * @param maxEvents more matching events than this is a {@link ResyncReason#REPLAY_TOO_LONG}
     */
    Replay replayAfter(EventId lastSeen, EventFilter filter, int maxEvents);

    /**
     * The id that stands for "everything so far": the newest event's id, or, while the log holds none, an id below
     * every id it will hold. A client told to resync resumes from here.
     */
    EventId resumePoint();

    /** The oldest id the log holds, or empty when it holds none. */
    Optional<EventId> oldestHeld();

    /** How many events, and how many bytes of them, the log holds now. */
    QueueDepth held();
}
