package dev.headspace.sse.adapter.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

@Timeout(60)
class CoalescingFlusherTest {

    private static final long MS = 1_000_000L;
    private static final long LONG_AGO = -TimeUnit.DAYS.toNanos(1);
    private final CoalescingFlusher flusher = new CoalescingFlusher(null, Duration.ofMillis(2));
    /** One real XNIO IO thread with no sockets: only its tasks and timers run on it. */
    private XnioWorker worker;
    private XnioIoThread ioThread;
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startWorker() throws IOException {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        ioThread = worker.getIoThread();
    }

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void connectionThatWroteWithinTwoWindows_isBusy_andWaits() {
        assertThat(flusher.busy(10 * MS, 10 * MS)).isTrue();
        assertThat(flusher.busy(10 * MS, 13 * MS)).isTrue();
        assertThat(flusher.busy(10 * MS, 14 * MS - 1)).isTrue();
    }

    @Test
    void connectionQuietForTwoWindows_writesAtOnce() {
        assertThat(flusher.busy(10 * MS, 14 * MS)).isFalse();
        assertThat(flusher.busy(10 * MS, 30 * MS)).isFalse();
    }

    @Test
    void drainsOfBusyConnections_heldWithinOneWindow_runTogether_afterTheWindow() {
        long window = 50;
        CoalescingFlusher real = new CoalescingFlusher(ioThread, Duration.ofMillis(window));
        AtomicLong heldAt = new AtomicLong();
        AtomicLong firstRanAt = new AtomicLong();
        AtomicBoolean laterTaskRan = new AtomicBoolean();
        // held from one IO-thread task, so that the window cannot end between them however loaded the machine is
        ioThread.execute(() -> {
            long now = System.nanoTime();
            heldAt.set(now);
            real.schedule(() -> {
                firstRanAt.set(System.nanoTime());
                // a task submitted now runs only after the drains that run with this one
                ioThread.execute(() -> laterTaskRan.set(true));
                ran.add("a");
            }, now, now);
            real.schedule(() -> ran.add("b, other work run: " + laterTaskRan.get()), now, now);
            real.schedule(() -> ran.add("c, other work run: " + laterTaskRan.get()), now, now);
            ran.add("held");
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 4);

        assertThat(ran).as("all three in one go, nothing else run between them")
                .containsExactly("held", "a", "b, other work run: false", "c, other work run: false");
        assertThat(firstRanAt.get() - heldAt.get()).as("waited out the window (timers tick in whole milliseconds)")
                .isGreaterThanOrEqualTo((window - 10) * MS);
    }

    @Test
    void drainOfAQuietConnection_runsAtOnce_whileABusyOneWaitsForTheWindow() {
        CoalescingFlusher real = new CoalescingFlusher(ioThread, Duration.ofSeconds(2));
        ioThread.execute(() -> {
            long now = System.nanoTime();
            real.schedule(() -> ran.add("busy"), now, now);
            real.schedule(() -> ran.add("quiet"), now + LONG_AGO, now);
        });

        await().atMost(Duration.ofSeconds(1)).until(() -> ran.contains("quiet"));
        assertThat(ran).as("the quiet drain did not wait for the 2 s window").containsExactly("quiet");
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("quiet", "busy");
    }

    @Test
    void heldDrains_allRun_whenHeldFromAnotherThreadWhileTheIoThreadIsFinishingATask() throws Exception {
        CoalescingFlusher real = new CoalescingFlusher(ioThread, Duration.ofMillis(1));
        // the IO thread has no sockets, so nothing but its tasks and timers ever wakes it: a timer it misses
        // stays missed. Each round hands it a task and, as that task ends, holds a drain from this thread.
        for (int round = 0; round < 1_000; round++) {
            CountDownLatch drained = new CountDownLatch(1);
            AtomicBoolean taskDone = new AtomicBoolean();
            ioThread.execute(() -> taskDone.set(true));
            while (!taskDone.get()) {
                Thread.onSpinWait();
            }
            real.hold(drained::countDown);
            assertThat(drained.await(2, TimeUnit.SECONDS)).as("round %d drained", round).isTrue();
        }
    }

    @Test
    void windowUnderAMillisecond_isRefused_becauseIoThreadTimersTickInMilliseconds() {
        assertThatThrownBy(() -> new CoalescingFlusher(null, Duration.ofNanos(500_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'window'");
    }
}
