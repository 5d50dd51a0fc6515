package dev.headspace.sse.application;

import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.port.EventStream;
import java.util.List;

/**
 * The stream of a client that resumed from the shared log, read outside the lock: it may have been sent events this
 * node has not applied yet, so live delivery skips every id at or below the last one it was given, and the seam stays
 * exact. Its skip point is set and cleared under the {@link PublishJoinLock}; deliveries come under it too.
 */
final class ResumedEventStream implements EventStream {

    private final EventStream stream;
    private EventId givenThrough;

    ResumedEventStream(EventStream stream) {
        this.stream = stream;
    }

    /** From now on, live events at or below {@code id} are not delivered: the client was sent them already. */
    void givenThrough(EventId id) {
        givenThrough = id;
    }

    /** Delivers every live event again: the log started over, so earlier ids say nothing about new ones. */
    void deliverAll() {
        givenThrough = null;
    }

    @Override
    public void deliver(EncodedEvent event) {
        if (givenThrough == null || event.event().id().isAfter(givenThrough)) {
            stream.deliver(event);
        }
    }

    @Override
    public void replay(List<EncodedEvent> missed) {
        stream.replay(missed);
    }

    @Override
    public void resync(Resync resync) {
        stream.resync(resync);
    }

    @Override
    public void markPosition(EventId position) {
        stream.markPosition(position);
    }

    @Override
    public void heartbeat() {
        stream.heartbeat();
    }

    @Override
    public void close(CloseReason reason) {
        stream.close(reason);
    }

    @Override
    public long lastSendNanos() {
        return stream.lastSendNanos();
    }

    @Override
    public long pendingSinceNanos() {
        return stream.pendingSinceNanos();
    }

    @Override
    public long stalledSinceNanos() {
        return stream.stalledSinceNanos();
    }

    @Override
    public QueueDepth queuePeak() {
        return stream.queuePeak();
    }

    @Override
    public boolean isOpen() {
        return stream.isOpen();
    }
}
