package dev.headspace.sse.benchmarks;

import dev.headspace.sse.application.Core;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.port.EventStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One publish through the real application ring: schema check, id, encode once, log append, filter match and hand-off to every
 * client. The clients' streams only count what they are handed, so this is the cost in front of the sockets; divide
 * by the number of clients for the cost per delivery. A quarter of the clients filter the event out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanOutBenchmark {

    @Param({"100", "1000", "10000"})
    public int clients;

    private PublishEventsUseCase publish;
    private final List<PublishRequest> request = List.of(new PublishRequest(
            Events.draft("state_transition", "proj-a", Events.STATE_TRANSITION), Events.STATE_TRANSITION_DATA));

    @Setup
    public void setUp() {
        Core core = BenchCores.assemble(clients);
        EventFilter other = EventFilter.parse(List.of("turn_detected"), List.of(), List.of());
        EventFilter project = EventFilter.parse(List.of(), List.of("proj-a"), List.of());
        for (int i = 0; i < clients; i++) {
            core.subscribe().subscribe(i % 4 == 0 ? other : i % 4 == 1 ? project : EventFilter.ALL,
                    new CountingStream(), null);
        }
        publish = core.publish();
    }

    /** The whole publish path: schema check, id, encode once, log and agents view, filter match, hand-off. */
    @Benchmark
    public PublishResult broadcast() {
        return publish.publish(request);
    }

    /** A stream that counts what it is handed and writes nothing. */
    static final class CountingStream implements EventStream {
        private long delivered;
        private EncodedEvent last;

        @Override
        public void deliver(EncodedEvent event) {
            delivered++;
            last = event;
        }

        @Override
        public void replay(List<EncodedEvent> missed) {
        }

        @Override
        public void resync(Resync resync) {
        }

        @Override
        public void markPosition(EventId position) {
        }

        @Override
        public void heartbeat() {
        }

        @Override
        public void close(CloseReason reason) {
        }

        @Override
        public long lastSendNanos() {
            return 0;
        }

        @Override
        public long pendingSinceNanos() {
            return NOT_PENDING;
        }

        @Override
        public long stalledSinceNanos() {
            return NOT_PENDING;
        }

        @Override
        public QueueDepth queuePeak() {
            return new QueueDepth(last == null ? 0 : 1, delivered);
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
