package dev.headspace.sse.adapter.http.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many sockets the listener may hold open: below the process's file descriptor limit, so that a flood of
 * connections cannot take the descriptors the log, the JVM and the outbound connections need.
 *
 * @param sockets          the cap the listener applies
 * @param descriptorLimit  the process's file descriptor limit, or -1 where the JVM cannot tell
 * @param lowered          whether a configured value at or above the safe bound was lowered to it
 */
record SocketBudget(int sockets, long descriptorLimit, boolean lowered) {

    /** Descriptors kept for everything but client sockets: a tenth of the limit, and at least this many. */
    static final int MIN_RESERVE = 64;
    /** The cap where the descriptor limit cannot be read. */
    static final int UNKNOWN_LIMIT_DEFAULT = 10_000;

    /** @param configured the configured cap, 0 for "derive it from the descriptor limit" */
    static SocketBudget of(int configured) {
        return of(configured, processDescriptorLimit());
    }

    static SocketBudget of(int configured, long descriptorLimit) {
        if (descriptorLimit <= 0) {
            return new SocketBudget(configured == 0 ? UNKNOWN_LIMIT_DEFAULT : configured, -1, false);
        }
        long safe = Math.max(1, descriptorLimit - Math.max(MIN_RESERVE, descriptorLimit / 10));
        int bound = (int) Math.min(Integer.MAX_VALUE, safe);
        if (configured == 0) {
            return new SocketBudget(bound, descriptorLimit, false);
        }
        return configured > bound ? new SocketBudget(bound, descriptorLimit, true)
                : new SocketBudget(configured, descriptorLimit, false);
    }

    private static long processDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
