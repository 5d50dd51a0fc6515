package dev.headspace.sse.application.port.in;

/** One pass over every client: heartbeats for quiet ones, eviction for dead or stuck ones. Run periodically. */
public interface MaintainConnectionsUseCase {

    void sweep();
}
