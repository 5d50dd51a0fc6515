package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.ClientSubscription;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventStream;

/** Registers a client's stream so that matching events reach it. */
public interface SubscribeUseCase {

    /**
     * @throws SubscriptionRefusedException when the connection limit is reached or the server is shutting down;
     *                                      nothing is registered then
     */
    ClientSubscription subscribe(EventFilter filter, EventStream stream);
}
