package dev.headspace.sse.domain.port;

import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.ResyncReason;
import java.util.List;
import java.util.Optional;

/**
 * The recent events, in publish order, kept so that a client that reconnects is sent exactly what it missed, or told
 * that it cannot be. The log gives events their ids.
 */
public interface EventLog {

    /**
     * Appends a batch in order with consecutive ids, nothing interleaved between them, and returns the ids it gave,
     * in the same order. Ids only increase.
     *
     * @throws EventLogUnavailableException when the log cannot be reached; nothing of the batch was appended
     */
    List<EventId> append(List<NewEvent> batch);

    /**
     * What a client that last saw {@code lastSeen} missed: every later event matching the filter, in order, or the
     * reason they cannot all be given.
     *
     * @param maxEvents more matching events than this is a {@link ResyncReason#REPLAY_TOO_LONG}
     * @throws EventLogUnavailableException when the log cannot be reached
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
