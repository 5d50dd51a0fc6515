package dev.headspace.sse.benchmarks;

import dev.headspace.sse.application.Core;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.ProjectId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
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
 * Filter matching with 10,000 subscriptions, each following one project, or one agent: one event for one project (or
 * agent), published through the real core. With 1 distinct value every client shares one filter; with 10,000 every
 * filter is distinct, so the figure shows what matching costs beyond the deliveries themselves (1 delivery at 10,000
 * values, 10,000 at 1). Each dimension has its own state, so each benchmark keeps its own parameter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterIndexBenchmark {

    private static final int CLIENTS = 10_000;

    /** Clients that each follow one of {@code projects} projects; the event is for proj-0. */
    @State(Scope.Benchmark)
    public static class ProjectFilters {

        @Param({"1", "100", "10000"})
        public int projects;

        PublishEventsUseCase publish;
        final List<PublishRequest> request = List.of(new PublishRequest(
                Events.draft("state_transition", "proj-0", Events.STATE_TRANSITION), Events.STATE_TRANSITION_DATA));

        @Setup
        public void setUp() {
            publish = subscribed(i -> EventFilter.parse(List.of(), List.of("proj-" + (i % projects)), List.of()));
        }
    }

    /** Clients that each follow one of {@code agents} agents; the event is for agent-0. */
    @State(Scope.Benchmark)
    public static class AgentFilters {

        @Param({"1", "100", "10000"})
        public int agents;

        PublishEventsUseCase publish;
        final List<PublishRequest> request = List.of(forAgent("agent-0"));

        @Setup
        public void setUp() {
            publish = subscribed(i -> EventFilter.parse(List.of(), List.of(), List.of("agent-" + (i % agents))));
        }
    }

    private static PublishEventsUseCase subscribed(IntFunction<EventFilter> filterOfClient) {
        Core core = BenchCores.assemble(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            core.subscribe().subscribe(filterOfClient.apply(i), new FanOutBenchmark.CountingStream(), null);
        }
        return core.publish();
    }

    /** {@link Events#STATE_TRANSITION} moved to another agent: a transition's payload must name the event's agent. */
    private static PublishRequest forAgent(String agent) {
        Map<String, Object> data = new HashMap<>(Events.STATE_TRANSITION_DATA);
        data.put("agent_id", agent);
        NewEvent event = new NewEvent(new EventType("state_transition"), new ProjectId("proj-0"), new AgentId(agent),
                Events.STATE_TRANSITION.replace("agent-17", agent), null);
        return new PublishRequest(event, data);
    }

    @Benchmark
    public PublishResult publishToOneProject(ProjectFilters state) {
        return state.publish.publish(state.request);
    }

    @Benchmark
    public PublishResult publishToOneAgent(AgentFilters state) {
        return state.publish.publish(state.request);
    }
}
