package dev.headspace.sse.domain;

/**
 * The outbound side of one client's connection. Implementations never block the caller: {@link #deliver} and
 * {@link #heartbeat} hand bytes to the connection's own IO thread and return.
 */
public interface EventStream {

    /** A value of {@link #pendingSinceNanos()} meaning nothing is waiting for the client. */
    long NOT_PENDING = Long.MIN_VALUE;

    /** Queues the event's bytes for the client. */
    void deliver(EncodedEvent event);

    /** Queues a heartbeat comment, which keeps proxies from cutting a quiet connection and detects dead peers. */
    void heartbeat();

    /** Ends the stream: a shutdown first sends a final event; any reason flushes what it can, then closes. Idempotent. */
    void close(CloseReason reason);

    /** {@link System#nanoTime()} of the last bytes queued for this client (event, heartbeat or first line). */
    long lastSendNanos();

    /** {@link System#nanoTime()} since which queued bytes have been waiting for the client, or {@link #NOT_PENDING}. */
    long pendingSinceNanos();

    /** True until the connection is closed, by either side. */
    boolean isOpen();
}
