package dev.headspace.sse.adapter.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final CoalescingFlusher flusher = new CoalescingFlusher(null, Duration.ofMillis(2));

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
    void heldDrains_allRun_whenHeldFromAnotherThreadWhileTheIoThreadIsFinishingATask() throws Exception {
        XnioWorker worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        try {
            XnioIoThread ioThread = worker.getIoThread();
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
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void windowUnderAMillisecond_isRefused_becauseIoThreadTimersTickInMilliseconds() {
        assertThatThrownBy(() -> new CoalescingFlusher(null, Duration.ofNanos(500_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'window'");
    }
}
