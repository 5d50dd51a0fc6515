package dev.headspace.sse.adapter.http.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client address, held against the per-address cap: streams and connections that have not sent
 * a request alike. Any thread may call any method; each address's count changes atomically.
 */
final class AddressCounts {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param max connections one address may hold open; 0: no cap (nothing is counted) */
    AddressCounts(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("'max' must be >= 0, got " + max);
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    boolean enabled() {
        return max > 0;
    }

    /** Takes a slot for the address; false when it already holds {@link #max()} (or the cap is off: always true). */
    boolean tryAcquire(InetAddress address) {
        if (max == 0) {
            return true;
        }
        boolean[] acquired = new boolean[1];
        open.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            acquired[0] = true;
            return now + 1;
        });
        return acquired[0];
    }

    /** Gives back a slot {@link #tryAcquire} took; the caller makes sure it does so once. */
    void release(InetAddress address) {
        if (max > 0) {
            open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Connections the address holds open now. */
    int open(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    /** Addresses holding at least one connection (the map never keeps an address at zero). */
    int addresses() {
        return open.size();
    }
}
