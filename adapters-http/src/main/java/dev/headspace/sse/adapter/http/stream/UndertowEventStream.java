package dev.headspace.sse.adapter.http.stream;

import dev.headspace.sse.adapter.http.server.DeferredCloses;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.port.EventStream;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;
import org.xnio.conduits.StreamSinkConduit;

/**
 * One client's SSE connection on Undertow, made of its {@link SendQueue}, its {@link GatheringWriter}, the
 * {@link SocketTakeover} of its socket and its {@link CloseSequence}. The port's methods may be called from any thread:
 * they only queue frames and hand a drain to the connection's IO thread, where everything else runs.
 */
final class UndertowEventStream implements EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(UndertowEventStream.class);

    private final XnioIoThread ioThread;
    private final StreamLimits limits;
    private final DrainScheduler passes;
    private final SendQueue queue;
    private final GatheringWriter writer;
    private final CloseSequence end;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::scheduledDrain;

    /**
     * @param retryMillis the reconnect delay this client is told, in its first lines and in a final shutdown event
     * @param passes      the write passes of the connection's IO thread
     * @param closes      closes the connection when the stream ends
     */
    UndertowEventStream(XnioIoThread ioThread, StreamLimits limits, long retryMillis, DrainScheduler passes,
                        DeferredCloses closes) {
        this.ioThread = ioThread;
        this.limits = limits;
        this.passes = passes;
        this.queue = new SendQueue(limits);
        this.writer = new GatheringWriter(queue, passes);
        this.end = new CloseSequence(queue, writer, retryMillis, closes);
        queue.offer(SseFrames.opening(retryMillis));
    }

    /** Sends the response head and starts writing; runs on the exchange's IO thread after the handler returned. */
    void open(HttpServerExchange exchange, ClientSubscription subscription) {
        end.attach(exchange.getConnection(), subscription);
        SocketTakeover.start(exchange, limits.socketSendBuffer(), new SocketTakeover.Listener() {
            @Override
            public void taken(StreamSinkConduit sink, boolean chunked) {
                writer.attach(sink, chunked);
                CloseReason pending = end.pending();
                if (pending != null) {
                    beginClose(pending);
                } else {
                    drain();
                }
            }

            @Override
            public void writable() {
                writer.writable();
                drain();
            }

            @Override
            public void failed(IOException cause) {
                onIoThread(() -> end.failed(cause));
            }

            @Override
            public void terminated() {
                onIoThread(end::connectionClosed);
            }
        });
    }

    /**
     * Runs the step on the IO thread: at once when called there; otherwise after it, as when a close ran on another
     * thread ({@link DeferredCloses}) and XNIO told the read side and the close listeners there. Once the IO thread
     * stops taking tasks (the server is stopping and closes its last connections) the step runs here instead: the
     * stream's end is still recorded, and nothing is left on a thread that will not run it.
     */
    private void onIoThread(Runnable step) {
        if (Thread.currentThread() == ioThread) {
            step.run();
            return;
        }
        try {
            ioThread.execute(step);
        } catch (RejectedExecutionException stopping) {
            step.run();
        }
    }

    @Override
    public void deliver(EncodedEvent event) {
        if (!end.accepting()) {
            return;
        }
        if (queue.offer(event)) {
            scheduleDrain();
            return;
        }
        QueueDepth behind = queue.depth();
        LOG.info("client {} is {} events / {} bytes behind, past its bound of {} / {}: disconnecting",
                end.clientId(), behind.events(), behind.bytes(), limits.maxQueuedEvents(), limits.maxQueuedBytes());
        close(CloseReason.SLOW_CONSUMER);
        end.report(CloseReason.SLOW_CONSUMER);
    }

    @Override
    public void replay(List<EncodedEvent> missed) {
        if (end.accepting() && !missed.isEmpty()) {
            queue.replay(missed);
            scheduleDrain();
        }
    }

    @Override
    public void resync(Resync resync) {
        if (end.accepting()) {
            queue.offer(SseFrames.resync(resync));
            scheduleDrain();
        }
    }

    @Override
    public void markPosition(EventId position) {
        if (end.accepting()) {
            queue.offer(SseFrames.position(position));
            scheduleDrain();
        }
    }

    @Override
    public void heartbeat() {
        if (end.accepting()) {
            queue.offer(SseFrames.HEARTBEAT.duplicate());
            scheduleDrain();
        }
    }

    @Override
    public void close(CloseReason reason) {
        if (!end.isClosed()) {
            ioThread.execute(() -> beginClose(reason));
        }
    }

    private void beginClose(CloseReason reason) {
        if (end.begin(reason)) {
            drain();
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            passes.ready(drainTask);
        }
    }

    private void scheduledDrain() {
        drainScheduled.set(false);
        drain();
    }

    /** Writes what is queued; on the IO thread. */
    private void drain() {
        if (end.isClosed() || !writer.canWrite()) {
            return;
        }
        try {
            GatheringWriter.Outcome outcome = writer.writeQueued();
            if (outcome == GatheringWriter.Outcome.DRAINED && writer.finished()) {
                end.closeConnection();
            } else if (outcome == GatheringWriter.Outcome.MORE) {
                scheduleDrain();
            }
        } catch (IOException e) {
            end.failed(e);
        }
    }

    @Override
    public long lastSendNanos() {
        return queue.lastOfferNanos();
    }

    @Override
    public long pendingSinceNanos() {
        return writer.pendingSinceNanos();
    }

    @Override
    public long stalledSinceNanos() {
        return writer.stalledSinceNanos();
    }

    @Override
    public QueueDepth queuePeak() {
        return queue.peak();
    }

    @Override
    public boolean isOpen() {
        return !end.isClosed();
    }
}
