package dev.headspace.sse.adapter.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.domain.port.StreamMetrics;
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
class DrainSchedulerTest {

    private static final long MS = 1_000_000L;
    private final DrainScheduler offline = new DrainScheduler(null, Duration.ofMillis(2), StreamMetrics.NONE);
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
    void passAskedForWithinAWindowOfTheLastPassEnd_waitsTheRestOfTheWindow() {
        assertThat(offline.restOfGap(10 * MS, 10 * MS)).isEqualTo(2 * MS);
        assertThat(offline.restOfGap(10 * MS, 11 * MS + 1)).isEqualTo(MS - 1);
        assertThat(offline.restOfGap(10 * MS, 12 * MS)).as("a window has passed: a quiet thread").isZero();
        assertThat(offline.restOfGap(10 * MS, 30 * MS)).isZero();
    }

    @Test
    void zeroWindow_neverHolds() {
        DrainScheduler never = new DrainScheduler(null, Duration.ZERO, StreamMetrics.NONE);
        assertThat(never.restOfGap(10 * MS, 10 * MS)).isZero();
    }

    @Test
    void passLongerThanTheWindow_isStillFollowedByAGap_inWhichTheThreadRunsItsOtherWork() {
        long window = 20;
        DrainScheduler passes = new DrainScheduler(ioThread, Duration.ofMillis(window), StreamMetrics.NONE);
        AtomicLong firstPassEnd = new AtomicLong();
        AtomicLong secondPassStart = new AtomicLong();
        passes.ready(() -> {
            ran.add("long pass");
            // work of three windows: the pass is longer than the window (and than two)
            work(3 * window * MS);
            passes.ready(() -> {
                secondPassStart.set(System.nanoTime());
                ran.add("next pass");
            });
            // a request read on this thread meanwhile, such as a publisher's next event
            ioThread.execute(() -> ran.add("other work"));
            firstPassEnd.set(System.nanoTime());
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 3);
        assertThat(ran).as("the thread's other work ran between the passes")
                .containsExactly("long pass", "other work", "next pass");
        assertThat(secondPassStart.get() - firstPassEnd.get()).as("a window after the end (timers tick in whole ms)")
                .isGreaterThanOrEqualTo((window - 1) * MS);
    }

    @Test
    void connectionsReadyOnAQuietThread_areDrainedInOnePass_atOnce() {
        DrainScheduler passes = new DrainScheduler(ioThread, Duration.ofSeconds(2), StreamMetrics.NONE);
        AtomicBoolean laterTaskRan = new AtomicBoolean();
        ioThread.execute(() -> {
            passes.ready(() -> {
                // a task submitted now runs only after the drains of this pass
                ioThread.execute(() -> laterTaskRan.set(true));
                ran.add("a");
            });
            passes.ready(() -> ran.add("b, other work run: " + laterTaskRan.get()));
            passes.ready(() -> ran.add("c, other work run: " + laterTaskRan.get()));
        });

        await().atMost(Duration.ofSeconds(1)).until(() -> ran.size() == 3);
        assertThat(ran).as("one pass, nothing else run between its drains, without waiting for the 2 s window")
                .containsExactly("a", "b, other work run: false", "c, other work run: false");
    }

    @Test
    void busyThread_holdsItsNextPass_forTheWindow_andRunsWhatWaitsTogether() {
        long window = 50;
        DrainScheduler passes = new DrainScheduler(ioThread, Duration.ofMillis(window), StreamMetrics.NONE);
        AtomicLong firstPassAt = new AtomicLong();
        AtomicLong secondPassAt = new AtomicLong();
        passes.ready(() -> {
            firstPassAt.set(System.nanoTime());
            ran.add("first");
            // ready during a pass: the thread is busy, so these wait for the window
            passes.ready(() -> {
                secondPassAt.set(System.nanoTime());
                ran.add("b");
            });
            passes.ready(() -> ran.add("c"));
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 3);
        assertThat(ran).containsExactly("first", "b", "c");
        assertThat(secondPassAt.get() - firstPassAt.get()).as("waited out the window (timers tick in whole ms)")
                .isGreaterThanOrEqualTo((window - 10) * MS);
    }

    @Test
    void passLongerThanASlice_stopsToLetTheThreadRunItsOtherWork_thenFinishes() {
        DrainScheduler passes = new DrainScheduler(ioThread, Duration.ZERO, StreamMetrics.NONE);
        long drainNanos = DrainScheduler.SLICE_NANOS * 6 / 10;
        ioThread.execute(() -> {
            for (String name : List.of("a", "b", "c", "d")) {
                passes.ready(() -> {
                    // a drain that takes most of a slice, as hundreds of slow writes would
                    work(drainNanos);
                    ran.add(name);
                });
            }
            // a request read while the pass runs, such as a publisher's
            ioThread.execute(() -> ran.add("other work"));
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 5);
        // past its slice after "b" (after "a" if the machine stalled the thread), so never last
        assertThat(ran.indexOf("other work")).as("the pass stopped for the other work: %s", ran).isBetween(1, 3);
        assertThat(ran.stream().filter(step -> !step.equals("other work")).toList()).as("then finished, in order")
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void aDrainThatThrows_doesNotKeepTheOthersOfItsPassFromRunning() {
        DrainScheduler passes = new DrainScheduler(ioThread, Duration.ZERO, StreamMetrics.NONE);
        ioThread.execute(() -> {
            passes.ready(() -> ran.add("before"));
            passes.ready(() -> {
                throw new IllegalStateException("a broken connection");
            });
            passes.ready(() -> ran.add("after"));
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("before", "after");
    }

    @Test
    void eachPass_recordsTheOldestWriteOfThePass_once() {
        List<Long> recorded = new CopyOnWriteArrayList<>();
        StreamMetrics metrics = new StreamMetrics() {
            @Override
            public void publishToWrite(long nanos) {
                recorded.add(nanos);
            }

            @Override
            public void replayed(int events) {
            }
        };
        DrainScheduler passes = new DrainScheduler(ioThread, Duration.ZERO, metrics);
        long hourAgo = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
        ioThread.execute(() -> {
            passes.ready(() -> passes.written(System.nanoTime()));
            passes.ready(() -> passes.written(hourAgo));
            passes.ready(() -> passes.written(System.nanoTime()));
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> recorded.size() == 1);
        assertThat(recorded.get(0)).isGreaterThanOrEqualTo(TimeUnit.HOURS.toNanos(1));
    }

    @Test
    void heldPasses_allRun_whenReadiedFromAnotherThreadWhileTheIoThreadIsFinishingATask() throws Exception {
        DrainScheduler passes = new DrainScheduler(ioThread, Duration.ofMillis(1), StreamMetrics.NONE);
        // the IO thread has no sockets, so nothing but its tasks and timers ever wakes it: a timer it misses
        // stays missed. Each round hands it a task and, as that task ends, readies a drain from this thread.
        for (int round = 0; round < 1_000; round++) {
            CountDownLatch drained = new CountDownLatch(1);
            AtomicBoolean taskDone = new AtomicBoolean();
            ioThread.execute(() -> taskDone.set(true));
            while (!taskDone.get()) {
                Thread.onSpinWait();
            }
            passes.ready(drained::countDown);
            assertThat(drained.await(2, TimeUnit.SECONDS)).as("round %d drained", round).isTrue();
        }
    }

    @Test
    void drainReadiedAfterItsThreadStopped_isDropped_withoutFailingThePublisher() throws Exception {
        DrainScheduler passes = new DrainScheduler(ioThread, Duration.ofMillis(3), StreamMetrics.NONE);
        worker.shutdownNow();
        assertThat(worker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

        passes.ready(() -> ran.add("never"));

        assertThat(ran).isEmpty();
    }

    @Test
    void windowUnderAMillisecond_isRefused_becauseIoThreadTimersTickInMilliseconds() {
        assertThatThrownBy(() -> new DrainScheduler(null, Duration.ofNanos(500_000), StreamMetrics.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'window'");
    }

    @Test
    void threadKeepsUp_untilMoreThanAnEighthOfItsStreams_andMoreThanFour_areBackedUp() {
        DrainScheduler passes = new DrainScheduler(null, Duration.ZERO, StreamMetrics.NONE, Duration.ofMillis(10));
        for (int i = 0; i < 80; i++) {
            passes.opened();
        }
        long now = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            passes.backedUp();
        }
        assertThat(passes.keepingUp(now)).as("10 of 80 backed up: an eighth").isTrue();
        passes.backedUp();
        assertThat(passes.keepingUp(now)).as("11 of 80").isFalse();
        passes.caughtUp();
        assertThat(passes.keepingUp(now)).isTrue();
    }

    @Test
    void aFewStuckStreams_neverHoldAThreadUp_evenWhenTheyAreMostOfIt() {
        DrainScheduler passes = new DrainScheduler(null, Duration.ZERO, StreamMetrics.NONE, Duration.ofMillis(10));
        for (int i = 0; i < 4; i++) {
            passes.opened();
            passes.backedUp();
        }
        assertThat(passes.keepingUp(System.nanoTime())).as("4 of 4").isTrue();
    }

    @Test
    void aPassWaitingLongerThanTheBudget_meansTheThreadIsBehind() {
        DrainScheduler passes = new DrainScheduler(ioThread, Duration.ofSeconds(2), StreamMetrics.NONE,
                Duration.ofMillis(10));
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ioThread.execute(() -> {
            blocked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> blocked.getCount() == 0);
            long readied = System.nanoTime();
            passes.ready(() -> ran.add("drained"));

            assertThat(passes.keepingUp(readied + TimeUnit.MILLISECONDS.toNanos(5))).isTrue();
            assertThat(passes.keepingUp(readied + TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("drained"));
        assertThat(passes.keepingUp(System.nanoTime())).as("nothing waits any more").isTrue();
    }

    /** Keeps the calling thread busy for {@code nanos}, as a pass's writes would. */
    private static void work(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
