package dev.headspace.sse.domain.port;

import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EventFilter;
import java.time.Instant;

/** A registered client, as its stream's adapter sees it: what it wants, where its events go, and how to report its end. */
public interface ClientSubscription {

    long id();

    EventFilter filter();

    EventStream stream();

    Instant connectedAt();

    /**
     * Reports that the stream has ended or is ending by the adapter's own decision (the peer went away, or it fell
     * behind its send-queue bound): the client is unregistered and the reason counted, and nothing is called back on
     * the stream. The first reason reported or decided wins; later calls do nothing.
     */
    void streamEnded(CloseReason reason);
}
