package dev.headspace.sse.adapter.http.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused clients so a flood cannot flood the log: one line per client address per interval, saying how many
 * refusals the line stands for, not one per request. Any thread may call {@link #refused}.
 */
final class RefusalLog {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
    /** Past this many addresses remembered, windows that have ended are forgotten. */
    private static final int PRUNE_ABOVE = 10_000;

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<InetAddress, Window> windows = new ConcurrentHashMap<>();

    private record Window(long started, AtomicLong refused) {
    }

    RefusalLog(Duration interval) {
        this(interval, System::nanoTime);
    }

    RefusalLog(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Counts one refusal of the address; logs it if it is the address's first in the current interval. */
    void refused(InetAddress address, String why) {
        long now = nanoTime.getAsLong();
        long[] before = {-1};
        windows.compute(address, (key, window) -> {
            if (window == null || now - window.started() >= intervalNanos) {
                before[0] = window == null ? 0 : window.refused().get() - 1;
                return new Window(now, new AtomicLong(1));
            }
            window.refused().incrementAndGet();
            return window;
        });
        if (before[0] >= 0) {
            LOG.warn("refused {}: {} (one line per address per {} s{})", address.getHostAddress(), why,
                    intervalNanos / 1_000_000_000L,
                    before[0] > 0 ? "; " + before[0] + " more refused in the interval before" : "");
            if (windows.size() > PRUNE_ABOVE) {
                windows.values().removeIf(window -> now - window.started() >= intervalNanos);
            }
        }
    }
}
