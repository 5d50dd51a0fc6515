package dev.headspace.sse.application;

import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client connection that records what the application hands it: delivered events, heartbeats and close reasons.
 * Its send clock, pending state and openness are set by the test; by default closing it closes it, unless told to
 * stay open to stand for a connection that will not go away.
 */
final class FakeEventStream implements EventStream {

    private final List<EncodedEvent> delivered = new CopyOnWriteArrayList<>();
    private final List<CloseReason> closeReasons = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private volatile long lastSendNanos;
    private volatile long pendingSinceNanos = NOT_PENDING;
    private volatile boolean open = true;
    private volatile boolean staysOpenOnClose;

    @Override
    public void deliver(EncodedEvent event) {
        delivered.add(event);
    }

    @Override
    public void heartbeat() {
        heartbeats.incrementAndGet();
    }

    @Override
    public void close(CloseReason reason) {
        closeReasons.add(reason);
        if (!staysOpenOnClose) {
            open = false;
        }
    }

    @Override
    public long lastSendNanos() {
        return lastSendNanos;
    }

    @Override
    public long pendingSinceNanos() {
        return pendingSinceNanos;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    FakeEventStream lastSendNanos(long nanos) {
        lastSendNanos = nanos;
        return this;
    }

    FakeEventStream pendingSinceNanos(long nanos) {
        pendingSinceNanos = nanos;
        return this;
    }

    FakeEventStream open(boolean value) {
        open = value;
        return this;
    }

    /** Closing records the reason but leaves the connection open, like a peer that never lets go. */
    FakeEventStream staysOpenOnClose() {
        staysOpenOnClose = true;
        return this;
    }

    List<EncodedEvent> delivered() {
        return List.copyOf(delivered);
    }

    int heartbeats() {
        return heartbeats.get();
    }

    /** Every reason close was called with, in order. */
    List<CloseReason> closeReasons() {
        return List.copyOf(closeReasons);
    }

    /** The first reason close was called with, or null while it has not been closed. */
    CloseReason closeReason() {
        return closeReasons.isEmpty() ? null : closeReasons.get(0);
    }
}
