package dev.headspace.sse.adapter.http.stream;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioIoThread;

/**
 * Lets the busy connections of one IO thread wait out a short window before writing, so that the events of a burst
 * leave in one write per connection instead of one each. One timer serves every waiting connection of the thread.
 * A connection counts as busy while it wrote less than two windows ago; a quiet one writes at once, so at dashboard
 * rates nothing waits. Any thread may schedule a drain; the drains, the timer and its arming run on the IO thread.
 */
final class CoalescingFlusher {

    private final XnioIoThread ioThread;
    private final long windowMillis;
    private final long busyNanos;
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final Runnable flush = this::flush;
    private final Runnable arm = this::arm;

    /** @param window whole milliseconds, at least 1 (the IO thread's timers have millisecond resolution) */
    CoalescingFlusher(XnioIoThread ioThread, Duration window) {
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("'window' must be at least 1ms, got " + window);
        }
        this.ioThread = ioThread;
        this.windowMillis = window.toMillis();
        this.busyNanos = 2 * window.toNanos();
    }

    /**
     * Runs a connection's drain on the IO thread: at once when the connection is quiet, else once the window has
     * passed, together with the other drains held in it. Any thread.
     *
     * @param lastWriteNanos when the connection last wrote to its socket
     * @param nowNanos       now, or when its last bytes were queued
     */
    void schedule(Runnable drain, long lastWriteNanos, long nowNanos) {
        if (busy(lastWriteNanos, nowNanos)) {
            hold(drain);
        } else {
            ioThread.execute(drain);
        }
    }

    /** Whether a connection that last wrote at {@code lastWriteNanos} should wait rather than write now. */
    boolean busy(long lastWriteNanos, long nowNanos) {
        return nowNanos - lastWriteNanos < busyNanos;
    }

    /** Runs the drain on the IO thread once the window has passed, together with the others waiting. */
    void hold(Runnable drain) {
        waiting.offer(drain);
        if (armed.compareAndSet(false, true)) {
            // XNIO can miss the wake-up for a timer set from another thread: the IO thread may have worked out its
            // select timeout just before and then block with none. A task submitted with execute() is never missed,
            // so other threads arm the timer through one.
            if (Thread.currentThread() == ioThread) {
                arm();
            } else {
                ioThread.execute(arm);
            }
        }
    }

    private void arm() {
        ioThread.executeAfter(flush, windowMillis, TimeUnit.MILLISECONDS);
    }

    private void flush() {
        armed.set(false);
        for (Runnable drain = waiting.poll(); drain != null; drain = waiting.poll()) {
            drain.run();
        }
    }
}
