package dev.headspace.sse.benchmarks;

import dev.headspace.sse.adapter.http.stream.SseEventEncoder;
import dev.headspace.sse.application.Core;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Duration;

/** The real core with the shipped defaults and the real encoder, as the benchmarks drive it. */
final class BenchCores {

    private BenchCores() {
    }

    /** Room for {@code maxClients} streams; a log of 10,000 events that never ages out during a run. */
    static Core assemble(int maxClients) {
        return Core.assemble(new Core.Options(maxClients, Duration.ofSeconds(30), Duration.ofSeconds(60),
                        Duration.ofSeconds(30), 10_000, 64L << 20, Duration.ofDays(3650), 1_000),
                new SseEventEncoder(), StreamMetrics.NONE, Clock.systemUTC());
    }
}
