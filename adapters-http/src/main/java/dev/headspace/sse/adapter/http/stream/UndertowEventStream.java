package dev.headspace.sse.adapter.http.stream;

import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.port.EventStream;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.port.StreamMetrics;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;
import org.xnio.conduits.WriteReadyHandler;

/**
 * One client's SSE connection on Undertow. Any thread may queue frames; only the connection's own IO thread writes
 * them. Once Undertow has sent the response head, frames (already chunk-framed, shared by every client) go straight to
 * the socket's conduit below Undertow's chunking, so one drain writes everything queued in one gathering write.
 * The read side is watched for end-of-stream, so a closed tab frees its slot at once, not at the next heartbeat.
 *
 * <p>The queue holds live events as the shared {@link EncodedEvent}s, replayed events as {@link Replayed} and control
 * frames as buffers; a view of an event's bytes is taken only when it is written. Replayed events are not counted
 * against the send-queue bound: the log holds their bytes anyway.
 */
final class UndertowEventStream implements EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(UndertowEventStream.class);
    private static final int MAX_GATHER = 128;
    private static final int MAX_ROUNDS = 16;

    private final XnioIoThread ioThread;
    private final StreamLimits limits;
    private final long retryMillis;
    private final StreamMetrics metrics;
    /** Null when writes are never held back. */
    private final CoalescingFlusher flusher;
    /** {@link EncodedEvent}s, {@link Replayed} events and control frames ({@link ByteBuffer}s), in order. */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::scheduledDrain;

    private volatile long lastSendNanos = System.nanoTime();
    /** {@link System#nanoTime()} of the last write to the socket; long ago at first, so the first bytes go at once. */
    private volatile long lastWriteNanos = lastSendNanos - TimeUnit.DAYS.toNanos(1);
    private volatile long pendingSinceNanos = NOT_PENDING;
    private volatile long stalledSinceNanos = NOT_PENDING;
    private volatile int peakFrames;
    private volatile long peakBytes;
    private volatile boolean closed;
    private volatile CloseReason closing;
    private volatile ClientSubscription subscription;

    // confined to the IO thread
    private HttpServerExchange exchange;
    private StreamSinkConduit sink;
    private boolean chunked = true;
    private boolean ready;
    private boolean awaitingWritable;
    // the frames of the write under way; they start small, since most connections never have more than a few frames
    // to write at once, and grow up to MAX_GATHER for those that do
    private ByteBuffer[] inFlight = new ByteBuffer[4];
    private int[] inFlightQueuedSize = new int[4];
    /** When each in-flight frame's event was encoded, or 0 for frames whose latency is not measured. */
    private long[] inFlightEncodedNanos = new long[4];
    private int inFlightCount;
    private boolean closeBegun;
    private ByteBuffer[] finalFrames;

    /**
     * @param retryMillis the reconnect delay this client is told, in its first lines and in a final shutdown event
     * @param flusher     the IO thread's coalescing window, or null to write as soon as bytes are queued
     */
    UndertowEventStream(XnioIoThread ioThread, StreamLimits limits, long retryMillis,
                        StreamMetrics metrics, CoalescingFlusher flusher) {
        this.ioThread = ioThread;
        this.flusher = flusher;
        this.limits = limits;
        this.retryMillis = retryMillis;
        this.metrics = metrics;
        offer(SseFrames.opening(retryMillis));
    }

    /** Sends the response head and starts writing; runs on the exchange's IO thread after the handler returned. */
    void open(HttpServerExchange exchange, ClientSubscription subscription) {
        this.exchange = exchange;
        this.subscription = subscription;
        exchange.getConnection().addCloseListener(connection -> connectionClosed());
        StreamSinkChannel response = exchange.getResponseChannel();
        chunked = exchange.getResponseHeaders().contains(Headers.TRANSFER_ENCODING);
        try {
            if (response.flush()) {
                takeOverSocket();
            } else {
                response.getWriteSetter().set(channel -> {
                    try {
                        if (channel.flush()) {
                            channel.suspendWrites();
                            takeOverSocket();
                        }
                    } catch (IOException e) {
                        gone(e);
                    }
                });
                response.resumeWrites();
            }
        } catch (IOException e) {
            gone(e);
        }
    }

    private void takeOverSocket() {
        AbstractServerConnection connection = (AbstractServerConnection) exchange.getConnection();
        sink = connection.getOriginalSinkConduit();
        sink.setWriteReadyHandler(new WriteReadyHandler() {
            @Override
            public void writeReady() {
                sink.suspendWrites();
                awaitingWritable = false;
                drain();
            }

            @Override
            public void forceTermination() {
                connectionClosed();
            }

            @Override
            public void terminated() {
                connectionClosed();
            }
        });
        watchForEndOfStream(connection.getOriginalSourceConduit());
        ready = true;
        if (closing != null) {
            beginClose(closing);
        } else {
            drain();
        }
    }

    private void watchForEndOfStream(StreamSourceConduit source) {
        ByteBuffer scratch = ByteBuffer.allocate(256);
        source.setReadReadyHandler(new ReadReadyHandler() {
            @Override
            public void readReady() {
                try {
                    int read;
                    do {
                        scratch.clear();
                        read = source.read(scratch);
                    } while (read > 0);
                    if (read < 0) {
                        source.suspendReads();
                        gone(null);
                    }
                } catch (IOException e) {
                    gone(e);
                }
            }

            @Override
            public void forceTermination() {
                connectionClosed();
            }

            @Override
            public void terminated() {
                connectionClosed();
            }
        });
        source.resumeReads();
    }

    @Override
    public void deliver(EncodedEvent event) {
        if (closing != null || closed) {
            return;
        }
        int size = event.size();
        int frames = queuedFrames.incrementAndGet();
        long bytes = queuedBytes.addAndGet(size);
        if (frames > limits.maxQueuedEvents() || bytes > limits.maxQueuedBytes()) {
            queuedFrames.decrementAndGet();
            queuedBytes.addAndGet(-size);
            LOG.info("client {} is {} events / {} bytes behind, past its bound of {} / {}: disconnecting",
                    subscriptionId(), frames - 1, bytes - size, limits.maxQueuedEvents(),
                    limits.maxQueuedBytes());
            close(CloseReason.SLOW_CONSUMER);
            ClientSubscription current = subscription;
            if (current != null) {
                current.streamEnded(CloseReason.SLOW_CONSUMER);
            }
            return;
        }
        notePeak(frames, bytes);
        queue.offer(event);
        lastSendNanos = System.nanoTime();
        scheduleDrain();
    }

    @Override
    public void replay(List<EncodedEvent> missed) {
        if (closing != null || closed || missed.isEmpty()) {
            return;
        }
        for (EncodedEvent event : missed) {
            queue.offer(new Replayed(event));
        }
        lastSendNanos = System.nanoTime();
        scheduleDrain();
    }

    /** An event from the log: written like any other, but neither counted in the queue nor timed. */
    private record Replayed(EncodedEvent event) {
    }

    @Override
    public void resync(Resync resync) {
        if (closing == null && !closed) {
            offer(SseFrames.resync(resync));
            scheduleDrain();
        }
    }

    @Override
    public void markPosition(EventId position) {
        if (closing == null && !closed) {
            offer(SseFrames.position(position));
            scheduleDrain();
        }
    }

    @Override
    public void heartbeat() {
        if (closing == null && !closed) {
            offer(SseFrames.HEARTBEAT.duplicate());
            scheduleDrain();
        }
    }

    private void offer(ByteBuffer frame) {
        notePeak(queuedFrames.incrementAndGet(), queuedBytes.addAndGet(frame.remaining()));
        queue.offer(frame);
        lastSendNanos = System.nanoTime();
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

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            if (flusher != null && flusher.busy(lastWriteNanos, lastSendNanos)) {
                flusher.hold(drainTask);
            } else {
                ioThread.execute(drainTask);
            }
        }
    }

    private void scheduledDrain() {
        drainScheduled.set(false);
        drain();
    }

    /** Writes what is queued, many frames per system call; on a short write waits for the socket to drain. */
    private void drain() {
        if (!ready || closed || awaitingWritable) {
            return;
        }
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                fill();
                if (inFlightCount == 0) {
                    pendingSinceNanos = NOT_PENDING;
                    stalledSinceNanos = NOT_PENDING;
                    if (finalFrames != null && finalFrames.length == 0) {
                        closeConnection();
                    }
                    return;
                }
                long written = sink.write(inFlight, 0, inFlightCount);
                lastWriteNanos = System.nanoTime();
                compact();
                if (inFlightCount > 0) {
                    long now = System.nanoTime();
                    if (pendingSinceNanos == NOT_PENDING) {
                        pendingSinceNanos = now;
                    }
                    if (written > 0 || stalledSinceNanos == NOT_PENDING) {
                        stalledSinceNanos = now;
                    }
                    awaitingWritable = true;
                    sink.resumeWrites();
                    return;
                }
            }
            // more keeps coming: let the IO thread serve its other connections first
            scheduleDrain();
        } catch (IOException e) {
            gone(e);
        }
    }

    private void fill() {
        while (inFlightCount < MAX_GATHER) {
            Object next = queue.poll();
            if (next == null) {
                break;
            }
            if (inFlightCount == inFlight.length) {
                grow();
            }
            ByteBuffer frame;
            long encodedNanos = 0;
            int counted;
            if (next instanceof EncodedEvent event) {
                frame = event.frame();
                counted = frame.remaining();
                encodedNanos = event.encodedNanos();
            } else if (next instanceof Replayed replayed) {
                frame = replayed.event().frame();
                counted = 0;
            } else {
                frame = (ByteBuffer) next;
                counted = frame.remaining();
            }
            inFlightQueuedSize[inFlightCount] = counted;
            inFlightEncodedNanos[inFlightCount] = encodedNanos;
            inFlight[inFlightCount++] = chunked ? frame : SseFrames.unchunked(frame);
        }
        if (finalFrames != null && finalFrames.length > 0 && inFlightCount + finalFrames.length <= MAX_GATHER
                && queue.isEmpty()) {
            for (ByteBuffer frame : finalFrames) {
                if (inFlightCount == inFlight.length) {
                    grow();
                }
                inFlightQueuedSize[inFlightCount] = 0;
                inFlightEncodedNanos[inFlightCount] = 0;
                inFlight[inFlightCount++] = frame;
            }
            finalFrames = new ByteBuffer[0];
        }
    }

    private void grow() {
        int size = Math.min(MAX_GATHER, inFlight.length * 2);
        inFlight = Arrays.copyOf(inFlight, size);
        inFlightQueuedSize = Arrays.copyOf(inFlightQueuedSize, size);
        inFlightEncodedNanos = Arrays.copyOf(inFlightEncodedNanos, size);
    }

    /** Drops the frames written whole, and records the publish-to-write latency of the oldest event among them. */
    private void compact() {
        int kept = 0;
        long oldestWritten = 0;
        for (int i = 0; i < inFlightCount; i++) {
            ByteBuffer frame = inFlight[i];
            if (frame.hasRemaining()) {
                inFlightQueuedSize[kept] = inFlightQueuedSize[i];
                inFlightEncodedNanos[kept] = inFlightEncodedNanos[i];
                inFlight[kept++] = frame;
            } else {
                if (inFlightQueuedSize[i] > 0) {
                    queuedFrames.decrementAndGet();
                    queuedBytes.addAndGet(-inFlightQueuedSize[i]);
                }
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
            metrics.publishToWrite(System.nanoTime() - oldestWritten);
        }
    }

    @Override
    public void close(CloseReason reason) {
        if (closed) {
            return;
        }
        ioThread.execute(() -> beginClose(reason));
    }

    private void beginClose(CloseReason reason) {
        if (closed || closeBegun) {
            return;
        }
        if (closing == null) {
            closing = reason;
        }
        if (!ready) {
            return;
        }
        closeBegun = true;
        if (closing == CloseReason.SHUTDOWN) {
            finalFrames = chunked
                    ? new ByteBuffer[] {SseFrames.shutdown(retryMillis), SseFrames.LAST_CHUNK.duplicate()}
                    : new ByteBuffer[] {SseFrames.unchunked(SseFrames.shutdown(retryMillis))};
            drain();
        } else {
            closeConnection();
        }
    }

    private void gone(IOException cause) {
        if (closed) {
            return;
        }
        if (cause != null) {
            LOG.debug("client {} connection failed: {}", subscriptionId(), cause.toString());
        }
        closeConnection();
    }

    private void closeConnection() {
        if (!closed) {
            closed = true;
            IoUtils.safeClose(exchange.getConnection());
        }
        connectionClosed();
    }

    /** Every way the connection can end comes here, so the registry always learns of it. */
    private void connectionClosed() {
        closed = true;
        pendingSinceNanos = NOT_PENDING;
        stalledSinceNanos = NOT_PENDING;
        queue.clear();
        ClientSubscription current = subscription;
        if (current != null) {
            CloseReason reason = closing;
            current.streamEnded(reason == null ? CloseReason.CLIENT_GONE : reason);
        }
    }

    private Object subscriptionId() {
        ClientSubscription current = subscription;
        return current == null ? "(unregistered)" : current.id();
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
        return new QueueDepth(peakFrames, peakBytes);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    int queuedFrames() {
        return queuedFrames.get();
    }
}
