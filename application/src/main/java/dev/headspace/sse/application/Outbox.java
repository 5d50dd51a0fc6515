package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.IdempotencyKey;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.port.EventLogUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process producers' way onto a shared log: a batch is appended at once while the log answers; while it does
 * not, or while earlier batches still wait, it waits here in order, up to a bound in events, and a drain appends the
 * waiting batches one by one, oldest first, once the log answers again. Each batch keeps one idempotency key from its
 * first attempt to its last, so a reply lost on the way is never appended twice.
 *
 * <p>Threads: producers call {@link #publish} from any thread; only the outbox's own drain thread (started while
 * something waits, gone when idle) appends waiting batches and removes them; {@link #close} once, when the node stops.
 */
final class Outbox implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());
    /** How soon the drain tries again after the log refused: it reconnects within about this much. */
    static final Duration RETRY = Duration.ofMillis(250);

    /** Appends one batch under its key, or throws {@link EventLogUnavailableException}. */
    interface Append {
        List<Event> append(List<Broadcast.Draft> drafts, IdempotencyKey key);
    }

    /** A batch that waits, with the key it was first tried under and its producer's handle on the outcome. */
    private record Waiting(List<Broadcast.Draft> drafts, IdempotencyKey key, CompletableFuture<List<Event>> appended) {
    }

    private final Append log;
    private final int maxEvents;
    private final Clock clock;
    private final PublishStatistics statistics;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int waitingEvents;
    private boolean drainScheduled;
    private boolean closed;
    private final LongAdder overflowed = new LongAdder();
    private final ScheduledThreadPoolExecutor drain;

    Outbox(Append log, int maxEvents, Clock clock, PublishStatistics statistics) {
        this.log = log;
        this.maxEvents = maxEvents;
        this.clock = clock;
        this.statistics = statistics;
        drain = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "headspace-outbox");
            thread.setDaemon(true);
            return thread;
        });
        drain.setKeepAliveTime(1, TimeUnit.SECONDS);
        drain.allowCoreThreadTimeOut(true);
    }

    /**
     * Appends the batch now if nothing waits and the log answers ({@code Accepted}); else queues it behind what waits
     * ({@code Queued}); else, past the bound, drops it ({@code Unavailable}). Never a refusal: the batch was checked.
     */
    PublishResult publish(List<Broadcast.Draft> drafts) {
        IdempotencyKey key = new IdempotencyKey(UUID.randomUUID().toString());
        if (nothingWaits()) {
            try {
                return PublishResult.accepted(log.append(drafts, key));
            } catch (EventLogUnavailableException e) {
                LOG.log(Level.DEBUG, "the shared log is unavailable; {0} events go to the outbox: {1}",
                        drafts.size(), e.getMessage());
            }
        }
        // an event with no time of its own happened now, not when the log answers again
        List<Broadcast.Draft> stamped = drafts.stream().map(draft -> draft.event().timestamp() != null ? draft
                : new Broadcast.Draft(new NewEvent(draft.event().type(), draft.event().projectId(),
                draft.event().agentId(), draft.event().payloadJson(), clock.instant()), draft.transition())).toList();
        lock.lock();
        try {
            if (closed || waitingEvents + drafts.size() > maxEvents) {
                overflowed.add(drafts.size());
                return PublishResult.unavailable("the shared event log cannot be reached and the outbox holds "
                        + waitingEvents + " of at most " + maxEvents + " events (HEADSPACE_REDIS_OUTBOX_EVENTS)");
            }
            CompletableFuture<List<Event>> appended = new CompletableFuture<>();
            waiting.add(new Waiting(stamped, key, appended));
            waitingEvents += drafts.size();
            scheduleDrain(0);
            return new PublishResult.Queued(stamped.stream().map(Broadcast.Draft::event).toList(), appended);
        } finally {
            lock.unlock();
        }
    }

    private boolean nothingWaits() {
        lock.lock();
        try {
            return waiting.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void scheduleDrain(long delayMillis) {
        if (!drainScheduled && !closed) {
            drainScheduled = true;
            drain.schedule(this::drain, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** On the drain thread: appends the waiting batches, oldest first; each leaves the queue only once appended. */
    private void drain() {
        while (true) {
            Waiting head;
            lock.lock();
            try {
                head = waiting.peek();
                if (head == null || closed) {
                    drainScheduled = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            List<Event> events;
            try {
                events = log.append(head.drafts(), head.key());
            } catch (RuntimeException e) {
                lock.lock();
                try {
                    drainScheduled = false;
                    scheduleDrain(RETRY.toMillis());
                } finally {
                    lock.unlock();
                }
                LOG.log(Level.DEBUG, "outbox: the shared log is still unavailable: {0}", e.getMessage());
                return;
            }
            lock.lock();
            try {
                waiting.poll();
                waitingEvents -= head.drafts().size();
            } finally {
                lock.unlock();
            }
            statistics.countPublished(events.size());
            head.appended().complete(events);
        }
    }

    /** Events waiting now. */
    int waitingEvents() {
        lock.lock();
        try {
            return waitingEvents;
        } finally {
            lock.unlock();
        }
    }

    int maxEvents() {
        return maxEvents;
    }

    /** Events not taken because the outbox was full. */
    long overflowed() {
        return overflowed.sum();
    }

    /** Stops the drain; what still waits is lost, and said so in the log and to each producer's handle. */
    @Override
    public void close() {
        List<Waiting> lost;
        lock.lock();
        try {
            closed = true;
            lost = List.copyOf(waiting);
            waiting.clear();
            waitingEvents = 0;
        } finally {
            lock.unlock();
        }
        drain.shutdownNow();
        if (!lost.isEmpty()) {
            int events = lost.stream().mapToInt(w -> w.drafts().size()).sum();
            LOG.log(Level.WARNING, "the node stops with {0} events in the outbox; they are not published", events);
            statistics.countUnavailable(events);
            EventLogUnavailableException stopped = new EventLogUnavailableException(
                    "the node stopped before the shared log could be reached", null);
            lost.forEach(w -> w.appended().completeExceptionally(stopped));
        }
    }
}
