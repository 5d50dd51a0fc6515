package dev.headspace.sse.application.testing;

import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.port.EventStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client connection that records what the application hands it: delivered events, resync notices, heartbeats and
 * close reasons. Its send clock, pending and stalled state, queue peak and openness are set by the test; by default
 * closing it closes it, unless told to stay open to stand for a connection that will not go away.
 */
public final class FakeEventStream implements EventStream {

    private final List<EncodedEvent> delivered = new CopyOnWriteArrayList<>();
    private final List<Resync> resyncs = new CopyOnWriteArrayList<>();
    private final List<Integer> replays = new CopyOnWriteArrayList<>();
    private final List<EventId> positions = new CopyOnWriteArrayList<>();
    private final List<CloseReason> closeReasons = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private volatile long lastSendNanos;
    private volatile long pendingSinceNanos = NOT_PENDING;
    private volatile long stalledSinceNanos = NOT_PENDING;
    private volatile QueueDepth queuePeak = QueueDepth.EMPTY;
    private volatile boolean open = true;
    private volatile boolean staysOpenOnClose;

    @Override
    public void deliver(EncodedEvent event) {
        delivered.add(event);
    }

    /** Replayed events join the delivered ones, in order; {@link #replays()} tells how many came that way. */
    @Override
    public void replay(List<EncodedEvent> missed) {
        delivered.addAll(missed);
        replays.add(missed.size());
    }

    @Override
    public void resync(Resync resync) {
        resyncs.add(resync);
    }

    @Override
    public void markPosition(EventId position) {
        positions.add(position);
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
    public long stalledSinceNanos() {
        return stalledSinceNanos;
    }

    @Override
    public QueueDepth queuePeak() {
        return queuePeak;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    public FakeEventStream stalledSinceNanos(long nanos) {
        stalledSinceNanos = nanos;
        return this;
    }

    public FakeEventStream queuePeak(QueueDepth depth) {
        queuePeak = depth;
        return this;
    }

    /** The positions the application marked for the client, in order. */
    public List<EventId> positions() {
        return List.copyOf(positions);
    }

    /** The size of each replay the application handed over. */
    public List<Integer> replays() {
        return List.copyOf(replays);
    }

    public List<Resync> resyncs() {
        return List.copyOf(resyncs);
    }

    public FakeEventStream lastSendNanos(long nanos) {
        lastSendNanos = nanos;
        return this;
    }

    public FakeEventStream pendingSinceNanos(long nanos) {
        pendingSinceNanos = nanos;
        return this;
    }

    public FakeEventStream open(boolean value) {
        open = value;
        return this;
    }

    /** Closing records the reason but leaves the connection open, like a peer that never lets go. */
    public FakeEventStream staysOpenOnClose() {
        staysOpenOnClose = true;
        return this;
    }

    public List<EncodedEvent> delivered() {
        return List.copyOf(delivered);
    }

    public int heartbeats() {
        return heartbeats.get();
    }

    /** Every reason close was called with, in order. */
    public List<CloseReason> closeReasons() {
        return List.copyOf(closeReasons);
    }

    /** The first reason close was called with, or null while it has not been closed. */
    public CloseReason closeReason() {
        return closeReasons.isEmpty() ? null : closeReasons.get(0);
    }
}
