package dev.headspace.sse.application.port.in;

/**
 * Broadcasts what a node's reader of the shared event log read, in the log's order: every node, the publishing one
 * included, delivers through it, so all clients everywhere see one order.
 */
public interface ApplyLoggedEventsUseCase {

    /**
     * Holds each entry in the node's window, moves the agents view, and delivers it to every matching client. When the
     * batch says the log broke continuity, every client is first told to resync.
     */
    void apply(LoggedEvents batch);
}
