package dev.headspace.sse.benchmarks;

import dev.headspace.sse.application.Core;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.domain.EventFilter;
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
 * Filter matching with 10,000 subscriptions, each following one project: one event for one project, published through
 * the real core. With {@code projects} = 1 every client shares one filter; with 10,000 every filter is distinct, so the
 * figure shows what matching costs beyond the deliveries themselves (1 delivery at 10,000 projects, 10,000 at 1).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterIndexBenchmark {

    private static final int CLIENTS = 10_000;

    @Param({"1", "100", "10000"})
    public int projects;

    private PublishEventsUseCase publish;
    private final List<PublishRequest> request = List.of(new PublishRequest(
            Events.draft("state_transition", "proj-0", Events.STATE_TRANSITION), Events.STATE_TRANSITION_DATA));

    @Setup
    public void setUp() {
        Core core = BenchCores.assemble(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            EventFilter filter = EventFilter.parse(List.of(), List.of("proj-" + (i % projects)), List.of());
            core.subscribe().subscribe(filter, new FanOutBenchmark.CountingStream(), null);
        }
        publish = core.publish();
    }

    @Benchmark
    public PublishResult publishToOneProject() {
        return publish.publish(request);
    }
}
