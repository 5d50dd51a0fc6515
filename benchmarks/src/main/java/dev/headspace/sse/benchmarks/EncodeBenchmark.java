package dev.headspace.sse.benchmarks;

import dev.headspace.sse.adapter.http.stream.SseEventEncoder;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
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

/** Encoding one event into its SSE frame: done once per event, however many clients receive it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncodeBenchmark {

    @Param({"state_transition", "turn_4KiB"})
    public String payload;

    private final SseEventEncoder encoder = new SseEventEncoder();
    private Event event;

    @Setup
    public void setUp() {
        String json = payload.equals("state_transition") ? Events.STATE_TRANSITION : Events.turn(4096);
        event = Events.event(new EventId(1_795_587_758_740L, 0), payload.equals("state_transition")
                ? "state_transition" : "turn_detected", json);
    }

    @Benchmark
    public EncodedEvent encode() {
        return encoder.encode(event);
    }
}
