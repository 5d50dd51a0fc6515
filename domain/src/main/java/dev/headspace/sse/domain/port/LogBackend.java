package dev.headspace.sse.domain.port;

import dev.headspace.sse.domain.BackendStatus;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.IdempotencyKey;
import dev.headspace.sse.domain.NewEvent;
import java.util.List;

/**
 * An event log shared by several nodes: it gives the ids, and each node's reader hands its entries, in order, to the
 * node's broadcast. It says how well this node follows it.
 */
public interface LogBackend extends EventLog {

    /**
     * Appends a batch as {@link #append(List)} does, under the producer's name for it: the same key again, while the
     * log remembers it, returns the ids the batch got then and appends nothing.
     *
     * @throws EventLogUnavailableException when the log cannot be reached; nothing of the batch was appended, or it
     *                                      was appended and the same key will return its ids
     */
    List<EventId> append(List<NewEvent> batch, IdempotencyKey key);

    /** How the log and this node's reader of it fare now; never blocks on the log. */
    BackendStatus status();
}
