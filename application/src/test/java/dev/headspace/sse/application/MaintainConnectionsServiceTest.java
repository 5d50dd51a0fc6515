package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.port.ClientSubscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MaintainConnectionsServiceTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(30);
    private static final Duration STALE = Duration.ofSeconds(60);
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 5_000 * SECOND;

    private final AtomicLong nanoClock = new AtomicLong(T0);
    private final ClientRegistry registry = new ClientRegistry(20);
    private final SseStatistics statistics = new SseStatistics();
    private final SubscribeService subscribe = TestServices.subscribe(registry, statistics,
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final MaintainConnectionsService maintenance = new MaintainConnectionsService(registry, statistics,
            HEARTBEAT, STALE, STALL, nanoClock::get);

    private ClientSubscription subscribed(FakeEventStream stream) {
        return subscribe.subscribe(EventFilter.ALL, stream, null);
    }

    @Test
    void streamQuietForTheInterval_getsAHeartbeat() {
        FakeEventStream quiet = new FakeEventStream().lastSendNanos(T0 - HEARTBEAT.toNanos());
        FakeEventStream quieter = new FakeEventStream().lastSendNanos(T0 - 10 * HEARTBEAT.toNanos());
        subscribed(quiet);
        subscribed(quieter);

        maintenance.sweep();

        assertThat(quiet.heartbeats()).isEqualTo(1);
        assertThat(quieter.heartbeats()).isEqualTo(1);
        assertThat(statistics.heartbeatsSent()).isEqualTo(2);
        assertThat(quiet.closeReasons()).isEmpty();
    }

    @Test
    void streamSentToRecently_getsNoHeartbeat() {
        FakeEventStream justUnder = new FakeEventStream().lastSendNanos(T0 - HEARTBEAT.toNanos() + 1);
        FakeEventStream justNow = new FakeEventStream().lastSendNanos(T0);
        subscribed(justUnder);
        subscribed(justNow);

        maintenance.sweep();

        assertThat(justUnder.heartbeats()).isZero();
        assertThat(justNow.heartbeats()).isZero();
        assertThat(statistics.heartbeatsSent()).isZero();
    }

    /** The sweep's side of "a send resets the clock"; that a real stream moves its last send is the heartbeat IT's. */
    @Test
    void quietTime_countsFromTheStreamsLastSend_notFromWhenItJoined() {
        FakeEventStream stream = new FakeEventStream().lastSendNanos(T0);
        subscribed(stream);

        nanoClock.set(T0 + 20 * SECOND);
        stream.lastSendNanos(T0 + 20 * SECOND);
        nanoClock.set(T0 + 45 * SECOND);
        maintenance.sweep();
        assertThat(stream.heartbeats()).as("25s after the last send").isZero();

        nanoClock.set(T0 + 50 * SECOND);
        maintenance.sweep();
        assertThat(stream.heartbeats()).as("30s after the last send").isEqualTo(1);
    }

    @Test
    void bytesPendingPastTheStaleTimeout_evictTheStream() {
        FakeEventStream stuck = new FakeEventStream().lastSendNanos(T0 - 2 * STALE.toNanos())
                .pendingSinceNanos(T0 - STALE.toNanos() - 1);
        ClientSubscription subscription = subscribed(stuck);

        maintenance.sweep();

        assertThat(stuck.closeReasons()).containsExactly(CloseReason.EVICTED_STALE);
        assertThat(stuck.heartbeats()).isZero();
        assertThat(TestServices.live(registry)).doesNotContain(subscription);
        assertThat(registry.size()).isZero();
        assertThat(statistics.disconnects(CloseReason.EVICTED_STALE)).isEqualTo(1);
        assertThat(statistics.clientsEvicted()).isEqualTo(1);
    }

    @Test
    void bytesPendingNotYetStale_areLeftAlone_withoutHeartbeat() {
        FakeEventStream waiting = new FakeEventStream().lastSendNanos(T0 - 2 * STALE.toNanos())
                .pendingSinceNanos(T0 - STALE.toNanos());
        ClientSubscription subscription = subscribed(waiting);

        maintenance.sweep();

        assertThat(waiting.closeReasons()).isEmpty();
        assertThat(waiting.heartbeats()).isZero();
        assertThat(TestServices.live(registry)).contains(subscription);
        assertThat(statistics.heartbeatsSent()).isZero();
    }

    @Test
    void pendingStream_isEvictedOnceItsBytesHaveWaitedTooLong() {
        FakeEventStream waiting = new FakeEventStream().lastSendNanos(T0).pendingSinceNanos(T0);
        subscribed(waiting);

        nanoClock.set(T0 + 59 * SECOND);
        maintenance.sweep();
        assertThat(waiting.closeReasons()).isEmpty();

        nanoClock.set(T0 + 61 * SECOND);
        maintenance.sweep();
        assertThat(waiting.closeReasons()).containsExactly(CloseReason.EVICTED_STALE);
    }

    @Test
    void socketTakingNothingPastTheStallTimeout_closesTheStreamAsStalled() {
        FakeEventStream stalled = new FakeEventStream().lastSendNanos(T0 - STALL.toNanos() - 1)
                .pendingSinceNanos(T0 - STALL.toNanos() - 1).stalledSinceNanos(T0 - STALL.toNanos() - 1);
        FakeEventStream slowButMoving = new FakeEventStream().lastSendNanos(T0 - STALL.toNanos() - 1)
                .pendingSinceNanos(T0 - STALL.toNanos() - 1).stalledSinceNanos(T0 - SECOND);
        subscribed(stalled);
        ClientSubscription moving = subscribed(slowButMoving);

        maintenance.sweep();

        assertThat(stalled.closeReasons()).containsExactly(CloseReason.STALLED);
        assertThat(slowButMoving.closeReasons()).isEmpty();
        assertThat(TestServices.live(registry)).containsExactly(moving);
        assertThat(statistics.disconnects(CloseReason.STALLED)).isEqualTo(1);
        assertThat(statistics.clientsEvicted()).isEqualTo(1);
    }

    @Test
    void socketStalledExactlyTheStallTimeout_isLeftAlone() {
        FakeEventStream stalled = new FakeEventStream().lastSendNanos(T0 - STALL.toNanos())
                .pendingSinceNanos(T0 - STALL.toNanos()).stalledSinceNanos(T0 - STALL.toNanos());
        subscribed(stalled);

        maintenance.sweep();

        assertThat(stalled.closeReasons()).isEmpty();
    }

    @Test
    void closedStream_isRemovedAsClientGone() {
        FakeEventStream gone = new FakeEventStream().lastSendNanos(T0).open(false);
        FakeEventStream healthy = new FakeEventStream().lastSendNanos(T0);
        ClientSubscription goneSubscription = subscribed(gone);
        ClientSubscription healthySubscription = subscribed(healthy);

        maintenance.sweep();

        assertThat(gone.closeReasons()).containsExactly(CloseReason.CLIENT_GONE);
        assertThat(gone.heartbeats()).isZero();
        assertThat(TestServices.live(registry)).containsExactly(healthySubscription).doesNotContain(goneSubscription);
        assertThat(statistics.disconnects(CloseReason.CLIENT_GONE)).isEqualTo(1);
        assertThat(statistics.clientsEvicted()).isZero();
    }

    @Test
    void closedStream_withStalePendingBytes_countsAsClientGone() {
        FakeEventStream gone = new FakeEventStream().open(false).pendingSinceNanos(T0 - 10 * STALE.toNanos());
        subscribed(gone);

        maintenance.sweep();

        assertThat(gone.closeReasons()).containsExactly(CloseReason.CLIENT_GONE);
    }

    @Test
    void quietHealthyStream_isNeverEvicted_howeverLongItIsQuiet() {
        FakeEventStream quiet = new FakeEventStream().lastSendNanos(T0);
        ClientSubscription subscription = subscribed(quiet);

        for (int hour = 1; hour <= 48; hour++) {
            nanoClock.set(T0 + hour * 3_600 * SECOND);
            maintenance.sweep();
        }

        assertThat(quiet.closeReasons()).isEmpty();
        assertThat(TestServices.live(registry)).contains(subscription);
        assertThat(quiet.heartbeats()).isEqualTo(48);
    }

    @Test
    void heartbeatsThatReachTheClient_keepItConnectedForever() {
        FakeEventStream reader = new FakeEventStream().lastSendNanos(T0);
        subscribed(reader);

        for (int sweep = 1; sweep <= 1_000; sweep++) {
            nanoClock.addAndGet(SECOND);
            int before = reader.heartbeats();
            maintenance.sweep();
            if (reader.heartbeats() > before) {
                reader.lastSendNanos(nanoClock.get());
            }
        }

        assertThat(reader.closeReasons()).isEmpty();
        assertThat(reader.heartbeats()).isEqualTo(1_000 / 30);
    }

    @Test
    void nanoClockWrappingAround_stillMeasuresQuietTimeCorrectly() {
        long lastSend = Long.MAX_VALUE - 10 * SECOND;
        FakeEventStream quiet = new FakeEventStream().lastSendNanos(lastSend);
        subscribed(quiet);

        nanoClock.set(lastSend + 25 * SECOND);
        maintenance.sweep();
        assertThat(quiet.heartbeats()).isZero();

        nanoClock.set(lastSend + 30 * SECOND);
        maintenance.sweep();
        assertThat(quiet.heartbeats()).isEqualTo(1);
    }

    @Test
    void oneSweep_treatsEachStreamOnItsOwn() {
        FakeEventStream quiet = new FakeEventStream().lastSendNanos(T0 - HEARTBEAT.toNanos());
        FakeEventStream busy = new FakeEventStream().lastSendNanos(T0);
        FakeEventStream stuck = new FakeEventStream().pendingSinceNanos(T0 - 2 * STALE.toNanos());
        FakeEventStream gone = new FakeEventStream().open(false);
        subscribed(quiet);
        subscribed(busy);
        subscribed(stuck);
        subscribed(gone);

        maintenance.sweep();

        assertThat(quiet.heartbeats()).isEqualTo(1);
        assertThat(busy.heartbeats()).isZero();
        assertThat(stuck.closeReasons()).containsExactly(CloseReason.EVICTED_STALE);
        assertThat(gone.closeReasons()).containsExactly(CloseReason.CLIENT_GONE);
        assertThat(registry.size()).isEqualTo(2);
    }

    @Test
    void sweepWithoutClients_doesNothing() {
        maintenance.sweep();

        assertThat(statistics.heartbeatsSent()).isZero();
    }

    /** The sweep period with a stall timeout as long as the stale timeout. */
    private static Duration period(Duration heartbeat, Duration stale) {
        return MaintainConnectionsService.sweepPeriod(heartbeat, stale, stale);
    }

    @Test
    void sweepPeriod_followsAShortStallTimeoutToo() {
        assertThat(MaintainConnectionsService.sweepPeriod(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void sweepPeriod_isAQuarterOfTheShorterTimeout_between10msAnd1s() {
        assertThat(period(Duration.ofSeconds(30), Duration.ofSeconds(60)))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(period(Duration.ofSeconds(4), Duration.ofSeconds(60)))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(period(Duration.ofMillis(400), Duration.ofSeconds(60)))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(period(Duration.ofSeconds(30), Duration.ofMillis(200)))
                .isEqualTo(Duration.ofMillis(50));
        assertThat(period(Duration.ofMillis(40), Duration.ofMillis(40)))
                .isEqualTo(Duration.ofMillis(10));
        assertThat(period(Duration.ofMillis(20), Duration.ofMillis(20)))
                .isEqualTo(Duration.ofMillis(10));
        assertThat(period(Duration.ofMillis(1), Duration.ofMillis(1)))
                .isEqualTo(Duration.ofMillis(10));
        assertThat(period(Duration.ofDays(1), Duration.ofDays(2)))
                .isEqualTo(Duration.ofSeconds(1));
    }
}
