package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headspace.sse.application.port.in.SubscriptionRefusedException.Reason;
import dev.headspace.sse.application.port.in.SubscriptionRefusedException;
import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.port.ClientSubscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SubscribeServiceTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final ClientRegistry registry = new ClientRegistry(2);
    private final SseStatistics statistics = new SseStatistics();
    private final SubscribeService subscribe = TestServices.subscribe(registry, statistics,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void subscription_carriesFilterStreamAndConnectTime_andIsRegistered() {
        EventFilter filter = EventFilter.parse(List.of("a"), List.of(), List.of());
        FakeEventStream stream = new FakeEventStream();

        ClientSubscription subscription = subscribe.subscribe(filter, stream, null);

        assertThat(subscription.filter()).isEqualTo(filter);
        assertThat(subscription.stream()).isSameAs(stream);
        assertThat(subscription.connectedAt()).isEqualTo(NOW);
        assertThat(TestServices.live(registry)).containsExactly(subscription);
        assertThat(registry.size()).isEqualTo(1);
        assertThat(stream.closeReasons()).isEmpty();
    }

    @Test
    void subscriptions_getDistinctIds() {
        ClientSubscription first = subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null);
        ClientSubscription second = subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null);

        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void clientPastTheLimit_isRefusedAtCapacity_andNothingIsRegistered() {
        ClientSubscription first = subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null);
        ClientSubscription second = subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null);
        FakeEventStream third = new FakeEventStream();

        assertThatThrownBy(() -> subscribe.subscribe(EventFilter.ALL, third, null))
                .isInstanceOfSatisfying(SubscriptionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.AT_CAPACITY))
                .hasMessage("the connection limit of 2 is reached");

        assertThat(TestServices.live(registry)).containsExactlyInAnyOrder(first, second);
        assertThat(registry.size()).isEqualTo(2);
        assertThat(third.closeReasons()).isEmpty();
    }

    @Test
    void afterShutdown_clientIsRefusedShuttingDown_andNothingIsRegistered() {
        new ShutdownService(registry).shutdown(Duration.ofSeconds(1));
        FakeEventStream stream = new FakeEventStream();

        assertThatThrownBy(() -> subscribe.subscribe(EventFilter.ALL, stream, null))
                .isInstanceOfSatisfying(SubscriptionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHUTTING_DOWN))
                .hasMessage("the server is shutting down");

        assertThat(TestServices.live(registry)).isEmpty();
        assertThat(registry.size()).isZero();
    }

    @Test
    void shuttingDown_isReportedEvenWhenAlsoAtCapacity() {
        ClientRegistry full = new ClientRegistry(1);
        SubscribeService service = TestServices.subscribe(full, statistics,
                Clock.fixed(NOW, ZoneOffset.UTC));
        FakeEventStream stuck = new FakeEventStream().staysOpenOnClose();
        service.subscribe(EventFilter.ALL, stuck, null);
        full.close();

        assertThatThrownBy(() -> service.subscribe(EventFilter.ALL, new FakeEventStream(), null))
                .isInstanceOfSatisfying(SubscriptionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHUTTING_DOWN));
    }

    @Test
    void streamEnded_freesTheSlot_forTheNextClient() {
        ClientSubscription first = subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null);
        subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null);

        first.streamEnded(CloseReason.CLIENT_GONE);

        assertThat(registry.size()).isEqualTo(1);
        assertThat(TestServices.live(registry)).doesNotContain(first);
        ClientSubscription next = subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null);
        assertThat(TestServices.live(registry)).contains(next);
    }

    @Test
    void evict_closesTheStream_withTheReason_andCountsIt() {
        FakeEventStream stream = new FakeEventStream();
        ClientSubscription subscription = subscribe.subscribe(EventFilter.ALL, stream, null);

        ((RegisteredSubscription) subscription).evict(CloseReason.SLOW_CONSUMER);

        assertThat(stream.closeReasons()).containsExactly(CloseReason.SLOW_CONSUMER);
        assertThat(stream.isOpen()).isFalse();
        assertThat(statistics.disconnects(CloseReason.SLOW_CONSUMER)).isEqualTo(1);
        assertThat(statistics.clientsEvicted()).isEqualTo(1);
    }

    @Test
    void endedThenEvicted_theFirstReasonWins_andTheStreamIsNeverCalledBack() {
        FakeEventStream stream = new FakeEventStream();
        ClientSubscription cancelled = subscribe.subscribe(EventFilter.ALL, stream, null);
        ClientSubscription other = subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null);

        cancelled.streamEnded(CloseReason.CLIENT_GONE);
        ((RegisteredSubscription) cancelled).evict(CloseReason.EVICTED_STALE);
        cancelled.streamEnded(CloseReason.CLIENT_GONE);

        assertThat(stream.closeReasons()).isEmpty();
        assertThat(statistics.disconnects(CloseReason.CLIENT_GONE)).isEqualTo(1);
        assertThat(statistics.disconnects(CloseReason.EVICTED_STALE)).isZero();
        assertThat(registry.size()).isEqualTo(1);
        assertThat(TestServices.live(registry)).containsExactly(other);
    }

    @Test
    void concurrentEvictions_closeOnce_withOneReason() throws Exception {
        FakeEventStream stream = new FakeEventStream();
        ClientSubscription subscription = subscribe.subscribe(EventFilter.ALL, stream, null);
        subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null);
        CloseReason[] reasons = {CloseReason.CLIENT_GONE, CloseReason.EVICTED_STALE, CloseReason.STALLED,
                CloseReason.SLOW_CONSUMER};
        ExecutorService pool = Executors.newFixedThreadPool(reasons.length * 2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> cancels = new ArrayList<>();
            for (int i = 0; i < reasons.length * 2; i++) {
                CloseReason reason = reasons[i % reasons.length];
                cancels.add(pool.submit(() -> {
                    start.await();
                    ((RegisteredSubscription) subscription).evict(reason);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> cancel : cancels) {
                cancel.get(10, TimeUnit.SECONDS);
            }

            assertThat(stream.closeReasons()).hasSize(1);
            long counted = 0;
            for (CloseReason reason : CloseReason.values()) {
                counted += statistics.disconnects(reason);
            }
            assertThat(counted).isEqualTo(1);
            assertThat(statistics.disconnects(stream.closeReason())).isEqualTo(1);
            assertThat(registry.size()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentConnects_exactlyTheLimitIsRegistered_theRestRefusedAtCapacity() throws Exception {
        int max = 10;
        int clients = 64;
        ClientRegistry shared = new ClientRegistry(max);
        SubscribeService service = TestServices.subscribe(shared, statistics,
                Clock.fixed(NOW, ZoneOffset.UTC));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Reason>> outcomes = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        service.subscribe(EventFilter.ALL, new FakeEventStream(), null);
                        return null;
                    } catch (SubscriptionRefusedException e) {
                        return e.reason();
                    }
                }));
            }
            start.countDown();
            int accepted = 0;
            int atCapacity = 0;
            for (Future<Reason> outcome : outcomes) {
                Reason reason = outcome.get(10, TimeUnit.SECONDS);
                if (reason == null) {
                    accepted++;
                } else if (reason == Reason.AT_CAPACITY) {
                    atCapacity++;
                }
            }

            assertThat(accepted).isEqualTo(max);
            assertThat(atCapacity).isEqualTo(clients - max);
            assertThat(shared.size()).isEqualTo(max);
            assertThat(TestServices.live(shared)).hasSize(max);
        } finally {
            pool.shutdownNow();
        }
    }
}
