package dev.headspace.sse.domain.port;

import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Resync;
import java.util.List;

/**
 * The outbound side of one client's connection. Implementations never block the caller: {@link #deliver},
 * {@link #replay}, {@link #resync} and {@link #heartbeat} hand bytes to the connection's own IO thread and return.
 */
public interface EventStream {

    /** A value of {@link #pendingSinceNanos()} and {@link #stalledSinceNanos()} meaning nothing is waiting. */
    long NOT_PENDING = Long.MIN_VALUE;

    /** Queues the event's bytes for the client. */
    void deliver(EncodedEvent event);

    /**
     * Queues the events a reconnecting client missed, ahead of any live event. They do not count against the client's
     * send-queue bound: the log holds their bytes anyway, and a client that was dropped for falling behind must be able
     * to catch up.
     */
    void replay(List<EncodedEvent> missed);

    /** Queues the notice that the client must reload its state, because what it missed cannot be replayed. */
    void resync(Resync resync);

    /**
     * Queues, without an event, the id of the newest event before this client's first live one, so that a client
     * that loses its connection before any event reaches it can still name where it stands when it reconnects.
     */
    void markPosition(EventId position);

    /** Queues a heartbeat comment, which keeps proxies from cutting a quiet connection and detects dead peers. */
    void heartbeat();

    /** Ends the stream: a shutdown first sends a final event; any reason flushes what it can, then closes. Idempotent. */
    void close(CloseReason reason);

    /** {@link System#nanoTime()} of the last bytes queued for this client (event, heartbeat or first line). */
    long lastSendNanos();

    /** {@link System#nanoTime()} since which queued bytes have been waiting for the client, or {@link #NOT_PENDING}. */
    long pendingSinceNanos();

    /**
     * {@link System#nanoTime()} since which the client's socket has taken no byte at all while bytes wait for it, or
     * {@link #NOT_PENDING}. Unlike {@link #pendingSinceNanos()}, any progress resets it: a slow reader is behind, a
     * stalled one is gone or has stopped reading.
     */
    long stalledSinceNanos();

    /** The most events and bytes that have waited for this client at once. */
    QueueDepth queuePeak();

    /** True until the connection is closed, by either side. */
    boolean isOpen();
}
