package dev.headspace.sse.domain.port;

import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EventFilter;
import java.time.Instant;

/** A registered client: what it wants, where its events go, and the way to end it. */
public interface ClientSubscription {

    long id();

    EventFilter filter();

    EventStream stream();

    Instant connectedAt();

    /** Unregisters the client and closes its stream with the reason; the first reason wins, later calls do nothing. */
    void cancel(CloseReason reason);
}
