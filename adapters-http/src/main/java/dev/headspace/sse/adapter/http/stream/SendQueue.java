package dev.headspace.sse.adapter.http.stream;

import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.QueueDepth;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * One client's send queue: live events, replayed events and control frames in order, bounded in events and bytes,
 * with its high-water mark. Any thread may offer and read the figures; only the connection's IO thread takes frames
 * ({@link #pollInto}) and reports them {@link #written}.
 *
 * <p>Live events are queued as the shared {@link EncodedEvent}s, replayed ones wrapped as {@link Replayed} and control
 * frames as buffers, so a view of an event's bytes is taken only when it is written. Replayed events are not counted
 * against the bound: the log holds their bytes anyway.
 */
final class SendQueue {

    /** Slots per array the queue grows by: most connections never hold more than a few frames at once. */
    private static final int CHUNK = 16;

    /** Receives the frames taken from the queue, on the IO thread. */
    interface Taker {
        /**
         * @param counted      the bytes the frame counts against the bound, to hand back to {@link #written}; 0 when it
         *                     does not count
         * @param encodedNanos when the frame's live event was encoded, or 0 when its latency is not measured
         */
        void take(ByteBuffer frame, int counted, long encodedNanos);
    }

    /** An event from the log: written like any other, but neither counted in the queue nor timed. */
    private record Replayed(EncodedEvent event) {
    }

    private final StreamLimits limits;
    /**
     * Multi-producer (the broadcast, the sweep's heartbeats, control frames), single consumer (the IO thread): an
     * offer is an array store and one atomic increment, with no node allocated per event as a linked queue would.
     */
    private final MpscUnboundedArrayQueue<Object> queue = new MpscUnboundedArrayQueue<>(CHUNK);
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile long lastOfferNanos = System.nanoTime();
    private volatile int peakFrames;
    private volatile long peakBytes;

    SendQueue(StreamLimits limits) {
        this.limits = limits;
    }

    /** Queues a live event, unless it would take the queue past its bound: then queues nothing and answers false. */
    boolean offer(EncodedEvent event) {
        int size = event.size();
        int frames = queuedFrames.incrementAndGet();
        long bytes = queuedBytes.addAndGet(size);
        if (frames > limits.maxQueuedEvents() || bytes > limits.maxQueuedBytes()) {
            queuedFrames.decrementAndGet();
            queuedBytes.addAndGet(-size);
            return false;
        }
        notePeak(frames, bytes);
        queue.offer(event);
        // the broadcast encoded it a moment ago: that instant saves a clock read per delivery
        lastOfferNanos = event.encodedNanos();
        return true;
    }

    /** Queues events from the log; they are not bounded. */
    void replay(List<EncodedEvent> missed) {
        for (EncodedEvent event : missed) {
            queue.offer(new Replayed(event));
        }
        lastOfferNanos = System.nanoTime();
    }

    /** Queues a control frame; it counts, but is never refused (the stream's own frames are few and small). */
    void offer(ByteBuffer frame) {
        notePeak(queuedFrames.incrementAndGet(), queuedBytes.addAndGet(frame.remaining()));
        queue.offer(frame);
        lastOfferNanos = System.nanoTime();
    }

    /** Keeps the high-water mark; a race between two queuing threads may keep the lower of two close values. */
    private void notePeak(int frames, long bytes) {
        if (frames > peakFrames) {
            peakFrames = frames;
        }
        if (bytes > peakBytes) {
            peakBytes = bytes;
        }
    }

    /** Hands the oldest frame to {@code taker}; false when the queue is empty. IO thread only. */
    boolean pollInto(Taker taker) {
        Object next = queue.poll();
        if (next == null) {
            return false;
        }
        if (next instanceof EncodedEvent event) {
            ByteBuffer frame = event.frame();
            taker.take(frame, frame.remaining(), event.encodedNanos());
        } else if (next instanceof Replayed replayed) {
            taker.take(replayed.event().frame(), 0, 0);
        } else {
            ByteBuffer frame = (ByteBuffer) next;
            taker.take(frame, frame.remaining(), 0);
        }
        return true;
    }

    /** A frame taken with {@code counted} bytes has been written whole: it no longer counts. IO thread only. */
    void written(int counted) {
        if (counted > 0) {
            queuedFrames.decrementAndGet();
            queuedBytes.addAndGet(-counted);
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Drops what is queued, once the connection is gone. */
    void clear() {
        queue.clear();
    }

    /** What counts against the bound now. */
    QueueDepth depth() {
        return new QueueDepth(queuedFrames.get(), queuedBytes.get());
    }

    /** The most that has counted against the bound at once. */
    QueueDepth peak() {
        return new QueueDepth(peakFrames, peakBytes);
    }

    /** {@link System#nanoTime()} of the last frame queued. */
    long lastOfferNanos() {
        return lastOfferNanos;
    }
}
