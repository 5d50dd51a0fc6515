package dev.headspace.sse.benchmarks;

import dev.headspace.sse.application.Core;
import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.EventFilter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A client joining (position marked, registered under the publish/join lock) and leaving again, from two threads at
 * once while 1,000 others stay subscribed: the cost of subscribe and unsubscribe under contention.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class SubscribeBenchmark {

    private final EventFilter filter = EventFilter.parse(List.of("bench"), List.of(), List.of());
    private SubscribeUseCase subscribe;

    @Setup
    public void setUp() {
        Core core = BenchCores.assemble(10_000);
        subscribe = core.subscribe();
        for (int i = 0; i < 1_000; i++) {
            subscribe.subscribe(filter, new FanOutBenchmark.CountingStream(), null);
        }
    }

    @Benchmark
    public void joinAndLeave() {
        subscribe.subscribe(filter, new FanOutBenchmark.CountingStream(), null).streamEnded(CloseReason.CLIENT_GONE);
    }
}
