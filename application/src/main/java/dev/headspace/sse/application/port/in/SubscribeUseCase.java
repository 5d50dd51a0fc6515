package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.port.EventStream;

/** Registers a client's stream so that matching events reach it, after what it missed since it last saw one. */
public interface SubscribeUseCase {

    /**
     * @param lastEventId the id of the last event the client saw, as it sent it (unchecked), or null for a client
     *                    that wants live events only. Every later matching event is sent before any live one; if
     *                    that cannot be done (the id is malformed, unknown or too old, or the replay too long), the
     *                    stream gets a resync notice first instead.
     * @throws SubscriptionRefusedException when the connection limit is reached or the server is shutting down;
     *                                      nothing is registered then
     */
    ClientSubscription subscribe(EventFilter filter, EventStream stream, String lastEventId);
}
