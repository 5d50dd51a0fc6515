package dev.headspace.sse.application;

import dev.headspace.sse.domain.EventFilter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscriptions that share one filter, so a broadcast matches the filter once and then walks a plain array of its
 * members. Members are added and removed from any thread; the array is rebuilt by the broadcast after a change.
 */
final class FilterGroup {

    private static final RegisteredSubscription[] NONE = new RegisteredSubscription[0];

    private final EventFilter filter;
    private final ConcurrentHashMap<Long, RegisteredSubscription> members = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile RegisteredSubscription[] snapshot = NONE;

    FilterGroup(EventFilter filter) {
        this.filter = filter;
    }

    EventFilter filter() {
        return filter;
    }

    void add(RegisteredSubscription subscription) {
        members.put(subscription.id(), subscription);
        changed();
    }

    /** @return whether the group is empty now */
    boolean remove(RegisteredSubscription subscription) {
        members.remove(subscription.id(), subscription);
        changed();
        return members.isEmpty();
    }

    int size() {
        return members.size();
    }

    /**
     * The members as of the last change. A stale array is never kept: it is cached only if no change came while it
     * was built (a member removed meanwhile may still be in the array this once; its stream ignores what it is given).
     */
    RegisteredSubscription[] members() {
        RegisteredSubscription[] current = snapshot;
        if (current != null) {
            return current;
        }
        long before = changes.get();
        RegisteredSubscription[] built = members.values().toArray(NONE);
        if (changes.get() == before) {
            snapshot = built;
        }
        return built;
    }

    private void changed() {
        changes.incrementAndGet();
        snapshot = null;
    }
}
