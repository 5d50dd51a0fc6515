package dev.headspace.sse.adapter.http.stream;

import dev.headspace.sse.adapter.http.server.DeferredCloses;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xnio.XnioIoThread;

/**
 * The write passes of every IO thread, and how far behind the furthest one is. The stream handler hands each new
 * connection its thread's {@link DrainScheduler}; the publish handler asks whether the writers keep up before it
 * answers, so that a publisher waiting for its answers is paced to what the node delivers rather than filling every
 * client's queue. Any thread.
 */
public final class WriteBacklog {

    /** Behind by no more than this, the writers keep up: a few coalescing windows, and never under 10 ms. */
    private final Duration budget;
    private final Duration coalesceWindow;
    private final StreamMetrics metrics;
    private final Map<XnioIoThread, DrainScheduler> passes = new ConcurrentHashMap<>();
    private final DeferredCloses closes = new DeferredCloses();

    /**
     * @param coalesceWindow the gap a busy IO thread leaves between the end of one write pass and the next
     * @param metrics        records the publish-to-write times the passes measure
     */
    public WriteBacklog(Duration coalesceWindow, StreamMetrics metrics) {
        this.coalesceWindow = coalesceWindow;
        this.metrics = metrics;
        Duration fiveWindows = coalesceWindow.multipliedBy(5);
        this.budget = fiveWindows.compareTo(Duration.ofMillis(10)) > 0 ? fiveWindows : Duration.ofMillis(10);
    }

    DrainScheduler passesOf(XnioIoThread ioThread) {
        return passes.computeIfAbsent(ioThread, thread -> new DrainScheduler(thread, coalesceWindow, metrics, budget));
    }

    /** How the streams' connections are closed: off their IO threads, in batches. */
    DeferredCloses closes() {
        return closes;
    }

    /** Whether every IO thread's writing keeps up, so a publisher may be answered at once. */
    public boolean keepingUp() {
        long now = System.nanoTime();
        for (DrainScheduler scheduler : passes.values()) {
            if (!scheduler.keepingUp(now)) {
                return false;
            }
        }
        return true;
    }
}
