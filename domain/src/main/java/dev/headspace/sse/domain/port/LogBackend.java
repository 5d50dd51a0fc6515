package dev.headspace.sse.domain.port;

import dev.headspace.sse.domain.BackendStatus;

/**
 * An event log shared by several nodes: it gives the ids, and each node's reader hands its entries, in order, to the
 * node's broadcast. It says how well this node follows it.
 */
public interface LogBackend extends EventLog {

    /** How the log and this node's reader of it fare now; never blocks on the log. */
    BackendStatus status();
}
