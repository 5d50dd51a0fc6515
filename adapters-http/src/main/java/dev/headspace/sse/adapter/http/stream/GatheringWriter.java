package dev.headspace.sse.adapter.http.stream;

import static dev.headspace.sse.domain.port.EventStream.NOT_PENDING;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Writes what a {@link SendQueue} holds to the socket, up to {@value #MAX_GATHER} frames in one gathering write, keeps
 * the frames of a short write for the next one, and tells its thread's write passes when the oldest event it wrote was
 * encoded (they record the latency). Confined to the connection's IO thread; only its two timestamps may be read from
 * any thread.
 */
final class GatheringWriter implements SendQueue.Taker {

    /** What one {@link #writeQueued()} left behind. */
    enum Outcome {
        /** The queue is empty and everything taken from it is written. */
        DRAINED,
        /** The socket took less than it was given; writing resumes when it can take more. */
        SOCKET_FULL,
        /** More kept coming: the caller should let the IO thread serve its other connections, then call again. */
        MORE
    }

    static final int MAX_GATHER = 128;
    private static final int MAX_ROUNDS = 16;

    private final SendQueue queue;
    private final DrainScheduler passes;
    private StreamSinkConduit sink;
    private boolean chunked = true;
    private boolean awaitingWritable;
    // the frames of the write under way; they start small, since most connections never have more than a few frames
    // to write at once, and grow up to MAX_GATHER for those that do
    private ByteBuffer[] inFlight = new ByteBuffer[4];
    private int[] inFlightCounted = new int[4];
    /** When each in-flight frame's event was encoded, or 0 for frames whose latency is not measured. */
    private long[] inFlightEncodedNanos = new long[4];
    private int inFlightCount;
    /** Null until {@link #finish}; empty once those frames are in flight. */
    private ByteBuffer[] finalFrames;

    /** Whether this stream counts among its thread's open streams (from its attach to its close). */
    private boolean counted;
    private volatile long pendingSinceNanos = NOT_PENDING;
    private volatile long stalledSinceNanos = NOT_PENDING;

    GatheringWriter(SendQueue queue, DrainScheduler passes) {
        this.queue = queue;
        this.passes = passes;
    }

    /**
     * Starts writing to the socket.
     *
     * @param chunked whether the response is chunked; if not, frames are written without their chunk framing
     */
    void attach(StreamSinkConduit sink, boolean chunked) {
        passes.opened();
        counted = true;
        this.sink = sink;
        this.chunked = chunked;
    }

    /** Whether a write may go now: the socket is attached and is not known to be full. */
    boolean canWrite() {
        return sink != null && !awaitingWritable;
    }

    boolean isAttached() {
        return sink != null;
    }

    boolean chunked() {
        return chunked;
    }

    /** The socket can take bytes again after {@link Outcome#SOCKET_FULL}. */
    void writable() {
        awaitingWritable = false;
    }

    /** Writes what is queued, many frames per system call; call only when {@link #canWrite()}. */
    Outcome writeQueued() throws IOException {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            fill();
            if (inFlightCount == 0) {
                if (pendingSinceNanos != NOT_PENDING) {
                    passes.caughtUp();
                }
                pendingSinceNanos = NOT_PENDING;
                stalledSinceNanos = NOT_PENDING;
                return Outcome.DRAINED;
            }
            long written = sink.write(inFlight, 0, inFlightCount);
            compact();
            if (inFlightCount > 0) {
                long now = System.nanoTime();
                if (pendingSinceNanos == NOT_PENDING) {
                    passes.backedUp();
                    pendingSinceNanos = now;
                }
                if (written > 0 || stalledSinceNanos == NOT_PENDING) {
                    stalledSinceNanos = now;
                }
                awaitingWritable = true;
                sink.resumeWrites();
                return Outcome.SOCKET_FULL;
            }
        }
        return Outcome.MORE;
    }

    /** Writes {@code last} after everything queued, as soon as the queue is empty and they fit in one write. */
    void finish(ByteBuffer... last) {
        finalFrames = last;
    }

    /** Whether the frames given to {@link #finish} have all been written. */
    boolean finished() {
        return finalFrames != null && finalFrames.length == 0 && inFlightCount == 0;
    }

    /** The connection is gone: nothing waits for it any more. */
    void closed() {
        if (pendingSinceNanos != NOT_PENDING) {
            passes.caughtUp();
        }
        if (counted) {
            counted = false;
            passes.closed();
        }
        pendingSinceNanos = NOT_PENDING;
        stalledSinceNanos = NOT_PENDING;
    }

    private void fill() {
        while (inFlightCount < MAX_GATHER) {
            if (!queue.pollInto(this)) {
                break;
            }
        }
        if (finalFrames != null && finalFrames.length > 0 && inFlightCount + finalFrames.length <= MAX_GATHER
                && queue.isEmpty()) {
            for (ByteBuffer frame : finalFrames) {
                add(frame, 0, 0);
            }
            finalFrames = new ByteBuffer[0];
        }
    }

    @Override
    public void take(ByteBuffer frame, int counted, long encodedNanos) {
        add(chunked ? frame : SseFrames.unchunked(frame), counted, encodedNanos);
    }

    private void add(ByteBuffer frame, int counted, long encodedNanos) {
        if (inFlightCount == inFlight.length) {
            int size = Math.min(MAX_GATHER, inFlight.length * 2);
            inFlight = Arrays.copyOf(inFlight, size);
            inFlightCounted = Arrays.copyOf(inFlightCounted, size);
            inFlightEncodedNanos = Arrays.copyOf(inFlightEncodedNanos, size);
        }
        inFlightCounted[inFlightCount] = counted;
        inFlightEncodedNanos[inFlightCount] = encodedNanos;
        inFlight[inFlightCount++] = frame;
    }

    /** Drops the frames written whole, and records the publish-to-write latency of the oldest event among them. */
    private void compact() {
        int kept = 0;
        long oldestWritten = 0;
        for (int i = 0; i < inFlightCount; i++) {
            ByteBuffer frame = inFlight[i];
            if (frame.hasRemaining()) {
                inFlightCounted[kept] = inFlightCounted[i];
                inFlightEncodedNanos[kept] = inFlightEncodedNanos[i];
                inFlight[kept++] = frame;
            } else {
                queue.written(inFlightCounted[i]);
                if (oldestWritten == 0) {
                    oldestWritten = inFlightEncodedNanos[i];
                }
            }
        }
        for (int i = kept; i < inFlightCount; i++) {
            inFlight[i] = null;
        }
        inFlightCount = kept;
        if (oldestWritten != 0) {
            passes.written(oldestWritten);
        }
    }

    long pendingSinceNanos() {
        return pendingSinceNanos;
    }

    long stalledSinceNanos() {
        return stalledSinceNanos;
    }
}
