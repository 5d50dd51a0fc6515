package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headspace.sse.application.port.in.SubscriptionRefusedException.Reason;
import dev.headspace.sse.application.port.in.SubscriptionRefusedException;
import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EventFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ShutdownServiceTest {

    private final ClientRegistry registry = new ClientRegistry(10);
    private final SseStatistics statistics = new SseStatistics();
    private final SubscribeService subscribe = TestServices.subscribe(registry, statistics,
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final ShutdownService shutdown = new ShutdownService(registry);

    private FakeEventStream subscribed(FakeEventStream stream) {
        subscribe.subscribe(EventFilter.ALL, stream, null);
        return stream;
    }

    @Test
    void everyStream_isClosedWithShutdown_andTheRegistryEmpties() {
        List<FakeEventStream> streams = List.of(subscribed(new FakeEventStream()), subscribed(new FakeEventStream()),
                subscribed(new FakeEventStream()));

        boolean clean = shutdown.shutdown(Duration.ofSeconds(2));

        assertThat(clean).isTrue();
        assertThat(streams).allSatisfy(stream -> {
            assertThat(stream.closeReasons()).containsExactly(CloseReason.SHUTDOWN);
            assertThat(stream.isOpen()).isFalse();
        });
        assertThat(TestServices.live(registry)).isEmpty();
        assertThat(registry.size()).isZero();
        assertThat(statistics.disconnects(CloseReason.SHUTDOWN)).isEqualTo(3);
        assertThat(statistics.clientsEvicted()).isZero();
    }

    @Test
    void afterShutdown_newClientsAreRefused() {
        shutdown.shutdown(Duration.ofSeconds(1));

        assertThat(registry.isClosed()).isTrue();
        assertThatThrownBy(() -> subscribe.subscribe(EventFilter.ALL, new FakeEventStream(), null))
                .isInstanceOfSatisfying(SubscriptionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHUTTING_DOWN));
        assertThat(registry.size()).isZero();
    }

    @Test
    void withoutClients_shutdownIsImmediateAndClean() {
        long start = System.nanoTime();

        assertThat(shutdown.shutdown(Duration.ofSeconds(5))).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void streamThatStaysOpen_makesShutdownGiveUpAtTheTimeout_andReportFalse() {
        FakeEventStream stuck = subscribed(new FakeEventStream().staysOpenOnClose());
        FakeEventStream fine = subscribed(new FakeEventStream());
        long start = System.nanoTime();

        boolean clean = shutdown.shutdown(Duration.ofMillis(200));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(clean).isFalse();
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(3));
        assertThat(stuck.closeReasons()).containsExactly(CloseReason.SHUTDOWN);
        assertThat(fine.closeReasons()).containsExactly(CloseReason.SHUTDOWN);
        assertThat(TestServices.live(registry)).isEmpty();
    }

    @Test
    void streamThatClosesSoonAfter_isWaitedFor() {
        FakeEventStream slow = subscribed(new FakeEventStream().staysOpenOnClose());
        ScheduledExecutorService peer = Executors.newSingleThreadScheduledExecutor();
        try {
            // the connection finishes flushing its final event a little after it was asked to close
            peer.schedule(() -> slow.open(false), 100, TimeUnit.MILLISECONDS);

            boolean clean = shutdown.shutdown(Duration.ofSeconds(5));

            assertThat(clean).isTrue();
            assertThat(slow.isOpen()).isFalse();
        } finally {
            peer.shutdownNow();
        }
    }

    @Test
    void secondShutdown_findsNothingLeft() {
        FakeEventStream stream = subscribed(new FakeEventStream());
        shutdown.shutdown(Duration.ofSeconds(1));

        assertThat(shutdown.shutdown(Duration.ofSeconds(1))).isTrue();

        assertThat(stream.closeReasons()).containsExactly(CloseReason.SHUTDOWN);
        assertThat(statistics.disconnects(CloseReason.SHUTDOWN)).isEqualTo(1);
    }
}
