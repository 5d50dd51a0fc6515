package dev.headspace.sse.benchmarks;

import dev.headspace.sse.adapter.http.stream.SseEventEncoder;
import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.Replay;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory event log at its default capacity, full: an append (which drops the oldest), and the replay a client
 * 100 events behind is sent, for a client that wants everything and one that wants a third of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventLogBenchmark {

    private static final int CAPACITY = 10_000;
    private static final long T0 = 1_795_587_758_740L;

    private final EventFilter oneTypeOfThree = EventFilter.parse(List.of("b"), List.of(), List.of());
    private InMemoryEventLog log;
    private EncodedEvent[] pool;
    private long next;
    private EventId hundredBehind;

    @Setup
    public void setUp() {
        SseEventEncoder encoder = new SseEventEncoder();
        log = new InMemoryEventLog(CAPACITY, 1L << 30, Duration.ofDays(3650), () -> T0, new EventId(T0 - 1, 0));
        pool = new EncodedEvent[3];
        for (int i = 0; i < CAPACITY; i++) {
            log.hold(encoder.encode(Events.event(new EventId(T0, next++), "abc".substring(i % 3, i % 3 + 1),
                    Events.STATE_TRANSITION)));
        }
        hundredBehind = new EventId(T0, next - 101);
        for (int i = 0; i < pool.length; i++) {
            pool[i] = encoder.encode(Events.event(new EventId(T0, 0), "a", Events.STATE_TRANSITION));
        }
    }

    @Benchmark
    public void appendToAFullLog() {
        // the frame is reused; only the id must increase, as the broadcast's ids do
        Event template = pool[(int) (next % pool.length)].event();
        Event event = new Event(new EventId(T0, next++), template.type(), template.projectId(), template.agentId(),
                template.payloadJson(), template.timestamp());
        log.hold(new EncodedEvent(event, pool[0].frame()));
    }

    @Benchmark
    public Replay replayHundredEvents() {
        return log.replayAfter(hundredBehind, EventFilter.ALL, 1_000);
    }

    @Benchmark
    public Replay replayHundredEventsFilteredToAThird() {
        return log.replayAfter(hundredBehind, oneTypeOfThree, 1_000);
    }
}
