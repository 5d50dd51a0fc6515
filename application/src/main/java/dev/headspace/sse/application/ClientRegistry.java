package dev.headspace.sse.application;

import dev.headspace.sse.domain.EventFilter;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live subscriptions. The count is reserved before a subscription is added, so the limit holds exactly under
 * concurrent connects, and no lock is taken: broadcasts iterate a weakly consistent view. Subscriptions are also kept
 * grouped by their filter, so a broadcast matches each distinct filter once, however many clients share it, and the
 * groups are indexed by dimension, so it matches only the filters an event could match.
 */
final class ClientRegistry {

    private final int maxClients;
    private final ConcurrentHashMap<Long, RegisteredSubscription> clients = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EventFilter, FilterGroup> byFilter = new ConcurrentHashMap<>();
    private final FilterIndex index = new FilterIndex();
    private final AtomicInteger reserved = new AtomicInteger();
    private volatile boolean closed;

    ClientRegistry(int maxClients) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be >= 1, got " + maxClients);
        }
        this.maxClients = maxClients;
    }

    /** Takes one slot if the limit allows; the caller must {@link #add} or {@link #release} it. */
    boolean reserve() {
        while (true) {
            int now = reserved.get();
            if (now >= maxClients) {
                return false;
            }
            if (reserved.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        reserved.decrementAndGet();
    }

    void add(RegisteredSubscription subscription) {
        clients.put(subscription.id(), subscription);
        // a group enters the index in the same compute that creates it, so the index never holds a dropped group nor
        // misses a live one; the index takes its own keys' bins inside this one, never the other way round
        byFilter.compute(subscription.filter(), (filter, group) -> {
            FilterGroup members = group;
            if (members == null) {
                members = new FilterGroup(filter);
                index.add(members);
            }
            members.add(subscription);
            return members;
        });
    }

    /** Removes the subscription and frees its slot; true only for the call that actually removed it. */
    boolean remove(RegisteredSubscription subscription) {
        if (clients.remove(subscription.id(), subscription)) {
            // compute() holds the group's bin, so an add for the same filter cannot land in a group being dropped
            byFilter.computeIfPresent(subscription.filter(), (filter, group) -> {
                if (!group.remove(subscription)) {
                    return group;
                }
                index.remove(group);
                return null;
            });
            reserved.decrementAndGet();
            return true;
        }
        return false;
    }

    void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    public Collection<RegisteredSubscription> all() {
        return Collections.unmodifiableCollection(clients.values());
    }

    /** The live subscriptions grouped by their filter. */
    Collection<FilterGroup> byFilter() {
        return byFilter.values();
    }

    /** The groups by dimension, for the broadcast. */
    FilterIndex index() {
        return index;
    }

    /** Live clients plus slots reserved by subscriptions being set up. */
    public int size() {
        return reserved.get();
    }

    public int maxClients() {
        return maxClients;
    }
}
