package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.domain.EventFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ClientRegistryTest {

    private final SseStatistics statistics = new SseStatistics();
    private final AtomicLong ids = new AtomicLong();

    private RegisteredSubscription subscription(ClientRegistry registry) {
        return new RegisteredSubscription(ids.incrementAndGet(), EventFilter.ALL, new FakeEventStream(),
                Instant.EPOCH, registry, statistics);
    }

    private RegisteredSubscription subscription(ClientRegistry registry, EventFilter filter) {
        return new RegisteredSubscription(ids.incrementAndGet(), filter, new FakeEventStream(), Instant.EPOCH,
                registry, statistics);
    }

    private static Map<EventFilter, Integer> groupSizes(ClientRegistry registry) {
        Map<EventFilter, Integer> sizes = new HashMap<>();
        registry.byFilter().forEach(group -> sizes.put(group.filter(), group.size()));
        return sizes;
    }

    @Test
    void clientsWithEqualFilters_shareOneGroup_andAnEmptiedGroupGoes() {
        ClientRegistry registry = new ClientRegistry(10);
        EventFilter bench = EventFilter.parse(List.of("bench"), List.of(), List.of());
        List<RegisteredSubscription> benchClients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RegisteredSubscription client = subscription(registry, EventFilter.parse(List.of("bench"), List.of(),
                    List.of()));
            registry.reserve();
            registry.add(client);
            benchClients.add(client);
        }
        RegisteredSubscription other = subscription(registry, EventFilter.ALL);
        registry.reserve();
        registry.add(other);

        assertThat(groupSizes(registry)).isEqualTo(Map.of(bench, 3, EventFilter.ALL, 1));
        benchClients.forEach(registry::remove);
        assertThat(groupSizes(registry)).isEqualTo(Map.of(EventFilter.ALL, 1));
    }

    @Test
    void addsAndRemovesOfOneFilter_fromManyThreads_loseNoGroupMember() throws Exception {
        ClientRegistry registry = new ClientRegistry(100_000);
        EventFilter filter = EventFilter.parse(List.of("t"), List.of(), List.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<RegisteredSubscription> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        RegisteredSubscription client = subscription(registry, filter);
                        registry.reserve();
                        registry.add(client);
                        if (i % 2 == 0) {
                            registry.remove(client);
                        } else {
                            kept.add(client);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(groupSizes(registry)).isEqualTo(Map.of(filter, kept.size()));
    }

    @Test
    void limitBelowOne_isRefused() {
        assertThatThrownBy(() -> new ClientRegistry(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxClients must be >= 1, got 0");
    }

    @Test
    void reserve_succeedsUpToTheLimit_thenFails() {
        ClientRegistry registry = new ClientRegistry(3);

        assertThat(registry.reserve()).isTrue();
        assertThat(registry.reserve()).isTrue();
        assertThat(registry.reserve()).isTrue();
        assertThat(registry.reserve()).isFalse();
        assertThat(registry.size()).isEqualTo(3);
        assertThat(registry.maxClients()).isEqualTo(3);
    }

    @Test
    void release_freesAReservedSlot() {
        ClientRegistry registry = new ClientRegistry(1);
        registry.reserve();

        registry.release();

        assertThat(registry.size()).isZero();
        assertThat(registry.reserve()).isTrue();
    }

    @Test
    void added_subscription_isListed() {
        ClientRegistry registry = new ClientRegistry(2);
        RegisteredSubscription subscription = subscription(registry);
        registry.reserve();

        registry.add(subscription);

        assertThat(registry.all()).containsExactly(subscription);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void all_cannotBeModifiedByCallers() {
        ClientRegistry registry = new ClientRegistry(2);
        registry.reserve();
        registry.add(subscription(registry));

        assertThatThrownBy(() -> registry.all().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void remove_freesTheSlotOnce_evenWhenCalledTwice() {
        ClientRegistry registry = new ClientRegistry(2);
        RegisteredSubscription first = subscription(registry);
        RegisteredSubscription second = subscription(registry);
        registry.reserve();
        registry.add(first);
        registry.reserve();
        registry.add(second);

        assertThat(registry.remove(first)).isTrue();
        assertThat(registry.remove(first)).isFalse();

        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.all()).containsExactly(second);
        assertThat(registry.reserve()).isTrue();
        assertThat(registry.reserve()).isFalse();
    }

    @Test
    void removingASubscriptionNeverAdded_freesNothing() {
        ClientRegistry registry = new ClientRegistry(1);
        registry.reserve();
        registry.add(subscription(registry));

        assertThat(registry.remove(subscription(registry))).isFalse();

        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.reserve()).isFalse();
    }

    @Test
    void concurrentRemoves_ofOneSubscription_freeItsSlotOnce() throws Exception {
        int threads = 8;
        ClientRegistry registry = new ClientRegistry(threads);
        for (int i = 0; i < threads - 1; i++) {
            registry.reserve();
        }
        RegisteredSubscription subscription = subscription(registry);
        registry.reserve();
        registry.add(subscription);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> removed = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                removed.add(pool.submit(() -> {
                    start.await();
                    return registry.remove(subscription);
                }));
            }
            start.countDown();

            int successes = 0;
            for (Future<Boolean> result : removed) {
                successes += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(successes).isEqualTo(1);
            assertThat(registry.size()).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentReserves_takeExactlyTheLimit() throws Exception {
        int max = 37;
        int threads = 16;
        int attemptsPerThread = 50;
        ClientRegistry registry = new ClientRegistry(max);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger largestSeen = new AtomicInteger();
        try {
            List<Future<?>> racers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                racers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsPerThread; i++) {
                        if (registry.reserve()) {
                            granted.incrementAndGet();
                        }
                        largestSeen.accumulateAndGet(registry.size(), Math::max);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> racer : racers) {
                racer.get(10, TimeUnit.SECONDS);
            }

            assertThat(granted.get()).isEqualTo(max);
            assertThat(registry.size()).isEqualTo(max);
            assertThat(largestSeen.get()).isLessThanOrEqualTo(max);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void churningClients_neverExceedTheLimit() throws Exception {
        int max = 5;
        int threads = 12;
        ClientRegistry registry = new ClientRegistry(max);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger largestSeen = new AtomicInteger();
        try {
            List<Future<?>> racers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                racers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        if (registry.reserve()) {
                            RegisteredSubscription subscription = subscription(registry);
                            registry.add(subscription);
                            largestSeen.accumulateAndGet(registry.size(), Math::max);
                            largestSeen.accumulateAndGet(registry.all().size(), Math::max);
                            registry.remove(subscription);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> racer : racers) {
                racer.get(15, TimeUnit.SECONDS);
            }

            assertThat(largestSeen.get()).isBetween(1, max);
            assertThat(registry.size()).isZero();
            assertThat(registry.all()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void close_isVisible_andDoesNotDropClients() {
        ClientRegistry registry = new ClientRegistry(2);
        registry.reserve();
        RegisteredSubscription subscription = subscription(registry);
        registry.add(subscription);

        assertThat(registry.isClosed()).isFalse();
        registry.close();

        assertThat(registry.isClosed()).isTrue();
        assertThat(registry.all()).containsExactly(subscription);
    }
}
