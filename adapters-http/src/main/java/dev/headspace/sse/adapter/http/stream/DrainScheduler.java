package dev.headspace.sse.adapter.http.stream;

import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;

/**
 * The write passes of one IO thread. A connection with bytes waiting hands its drain here once; the thread then runs
 * every waiting connection's drain in one pass per wake-up, so a broadcast to thousands of connections costs one task
 * and one wake-up per IO thread, not one per connection. A busy thread (its last pass ended less than a coalescing
 * window ago) leaves a window between the end of one pass and the start of the next, however long the pass took: the
 * thread serves its reads and tasks in that gap (a publisher's next request among them), and what arrives meanwhile
 * leaves in one write per connection. A quiet thread runs its pass at once, so at dashboard rates nothing waits.
 *
 * <p>A long pass (thousands of connections) stops every {@link #SLICE_NANOS} to let the thread read, then goes on.
 *
 * <p>Why from the end: a pass costs a write per connection whatever each write carries, so with a thousand
 * connections it takes milliseconds. Counted from its start, a pass longer than the window was followed at once by
 * the next, the thread had no time left for the publisher on it, and each pass carried one event per connection.
 *
 * <p>Any thread may call {@link #ready}; passes, their timers and {@link #written} run on the IO thread.
 */
final class DrainScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(DrainScheduler.class);

    private final XnioIoThread ioThread;
    private final long windowNanos;
    private final StreamMetrics metrics;
    /** Connections whose bytes wait: every publishing thread offers, the IO thread alone polls; chunks are reused. */
    private final MpscUnboundedXaddArrayQueue<Runnable> waiting = new MpscUnboundedXaddArrayQueue<>(1_024, 4);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable pass = this::pass;
    /** When the pass now pending was first asked for. */
    private volatile long readySinceNanos;
    /** A few slow clients never make the thread count as behind, however few streams it has. */
    private static final int MIN_BACKED_UP = 4;
    /**
     * A pass writes for about this long at most before the thread reads its sockets again; the rest of the pass runs
     * a millisecond later. A pass over thousands of connections takes tens of milliseconds, and a publisher's request
     * or a probe on the thread would otherwise wait for all of it.
     */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private final long budgetNanos;
    /** The thread's open streams, and those whose socket took less than they were given and still have bytes waiting. */
    private final AtomicInteger streams = new AtomicInteger();
    private volatile int backedUp;
    // confined to the IO thread
    /** The drains of the pass under way, and the next of them to run. */
    private final List<Runnable> running = new ArrayList<>();
    private int next;
    /** Whether the pass under way has stopped to let the thread read. */
    private boolean sliced;
    private long oldestWrittenNanos;
    private long lastPassEndNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    /**
     * @param window  the gap a busy thread leaves between two passes, in whole milliseconds (IO thread timers tick in
     *                milliseconds); zero: never wait
     * @param metrics records, per pass, the publish-to-write time of the oldest event the pass wrote
     */
    DrainScheduler(XnioIoThread ioThread, Duration window, StreamMetrics metrics) {
        this(ioThread, window, metrics, Duration.ofMillis(10));
    }

    /**
     * @param budget how old an event may be when written, or how long a pass may wait, before the thread counts as
     *               behind ({@link #keepingUp})
     */
    DrainScheduler(XnioIoThread ioThread, Duration window, StreamMetrics metrics, Duration budget) {
        if (!window.isZero() && window.toMillis() < 1) {
            throw new IllegalArgumentException("'window' must be 0 or at least 1ms, got " + window);
        }
        this.ioThread = ioThread;
        this.windowNanos = window.toNanos();
        this.metrics = metrics;
        this.budgetNanos = budget.toNanos();
    }

    /** Runs the connection's drain in the thread's next pass. Call it once per wait (the caller keeps a flag). */
    void ready(Runnable drain) {
        waiting.offer(drain);
        if (scheduled.compareAndSet(false, true)) {
            readySinceNanos = System.nanoTime();
            // always a task, never a timer set from here: XNIO can miss the wake-up for a timer set from another
            // thread (the IO thread may have worked out its select timeout just before, then block with none). The
            // pass itself, on the IO thread, puts off what falls inside the gap.
            try {
                ioThread.execute(pass);
            } catch (RejectedExecutionException stopping) {
                // the server is stopping and the thread closes its connections: nothing more is written to them, and
                // the publisher that got here goes on to its other clients
            }
        }
    }

    /**
     * How much longer a pass asked for at {@code nowNanos} waits, on a thread whose last pass ended at
     * {@code lastPassEndNanos}: the rest of the window since that end; zero on a quiet thread.
     */
    long restOfGap(long lastPassEndNanos, long nowNanos) {
        long since = nowNanos - lastPassEndNanos;
        return since >= 0 && since < windowNanos ? windowNanos - since : 0;
    }

    /**
     * Whether this thread's writing keeps up: it is behind while more than an eighth of its streams (and more than
     * {@value #MIN_BACKED_UP}) have bytes their socket would not take, or while its pending pass has waited longer than
     * the budget. A slow client or two never make the thread count as behind. Any thread.
     */
    boolean keepingUp(long nowNanos) {
        if (backedUp > Math.max(MIN_BACKED_UP, streams.get() / 8)) {
            return false;
        }
        return !scheduled.get() || nowNanos - readySinceNanos <= budgetNanos;
    }

    /** A stream of this thread started writing; IO thread. */
    void opened() {
        streams.incrementAndGet();
    }

    /** A stream of this thread closed; IO thread. */
    void closed() {
        streams.decrementAndGet();
    }

    /** A stream's socket took less than it was given: bytes wait for the client. IO thread only. */
    void backedUp() {
        backedUp++;
    }

    /** A backed-up stream has written everything waiting, or closed. IO thread only. */
    void caughtUp() {
        backedUp--;
    }

    /** A drain wrote the oldest of its events, encoded at {@code encodedNanos}. IO thread only. */
    void written(long encodedNanos) {
        if (oldestWrittenNanos == 0 || encodedNanos - oldestWrittenNanos < 0) {
            oldestWrittenNanos = encodedNanos;
        }
    }

    private void pass() {
        // no pass under way (none stopped at a slice's end): start one, if one is due
        if (running.isEmpty() && !startPass()) {
            return;
        }
        long sliceEnd = System.nanoTime() + SLICE_NANOS;
        while (next < running.size()) {
            Runnable drain = running.get(next++);
            try {
                drain.run();
            } catch (RuntimeException e) {
                // one connection's failure must not leave the others of this pass unwritten
                LOG.warn("a connection's drain failed; the pass goes on", e);
            }
            // the rest after the thread has read its sockets: a publisher's request, a probe, a new client
            if (next < running.size() && System.nanoTime() - sliceEnd > 0 && later(1)) {
                sliced = true;
                return;
            }
        }
        running.clear();
        next = 0;
        lastPassEndNanos = System.nanoTime();
        long lag = oldestWrittenNanos == 0 ? 0 : lastPassEndNanos - oldestWrittenNanos;
        if (lag != 0) {
            metrics.publishToWrite(lag);
            oldestWrittenNanos = 0;
        }
        if (sliced) {
            sliced = false;
            // a drain readied during a sliced pass handed over a task that may have resumed this pass instead
            if (scheduled.get()) {
                later(0);
            }
        }
    }

    /**
     * Runs the pass again after {@code millis} (at once for 0); false when the thread takes no more tasks, as while the
     * server stops: the caller then goes on at once rather than leave bytes unwritten.
     */
    private boolean later(long millis) {
        try {
            ioThread.executeAfter(pass, millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    /** Takes the drains waiting now as the next pass, unless none was asked for or the gap is not over. */
    private boolean startPass() {
        if (!scheduled.get()) {
            // a spare wake-up: its pass ran already
            return false;
        }
        long rest = restOfGap(lastPassEndNanos, System.nanoTime());
        // timers tick in whole milliseconds: round up, so the gap is never shorter than the window
        if (rest > 0 && later((rest + 999_999) / 1_000_000)) {
            return false;
        }
        // cleared before the pass, so a drain that becomes ready during it schedules the next one
        scheduled.set(false);
        // only the drains waiting now: one that asks again (it had more than one round's worth) goes to the next
        // pass, after the thread has served its sockets and tasks
        for (Runnable drain = waiting.poll(); drain != null; drain = waiting.poll()) {
            running.add(drain);
        }
        return !running.isEmpty();
    }
}
