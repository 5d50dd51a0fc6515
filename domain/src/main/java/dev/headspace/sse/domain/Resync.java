package dev.headspace.sse.domain;

import java.util.Objects;

/**
 * What a client that cannot be sent what it missed is told, before any live event: reload your state, then carry on
 * from {@code resumeFrom}.
 *
 * @param lastEventId the id the client sent, quoted safely (control characters escaped, long values cut)
 * @param oldestHeld  the oldest id the log still holds, or null when it holds none
 * @param resumeFrom  the id the client should present if it reconnects later: every event after it will be live
 */
public record Resync(ResyncReason reason, String lastEventId, EventId oldestHeld, EventId resumeFrom) {

    public Resync {
        Objects.requireNonNull(reason, "'reason' must not be null");
        Objects.requireNonNull(lastEventId, "'last_event_id' must not be null");
        Objects.requireNonNull(resumeFrom, "'resume_from' must not be null");
        lastEventId = Token.printable(lastEventId);
    }
}
