package dev.headspace.sse.adapter.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.port.in.HealthReport;
import dev.headspace.sse.domain.QueueDepth;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PrometheusMetricsTest {

    private static HealthReport report(int connections) {
        return new HealthReport("ok", connections, 100, 0, 0, 0, 0, Map.of(), 0, 0,
                new HealthReport.Replays(0, 0, Map.of()), QueueDepth.EMPTY, new HealthReport.Log(QueueDepth.EMPTY, null));
    }

    @Test
    void healthIsNotAskedFor_untilAScrape_soTheMetricsCanBeBuiltBeforeTheCore() {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger connections = new AtomicInteger(3);

        try (PrometheusMetrics metrics = new PrometheusMetrics(() -> {
            asked.incrementAndGet();
            return report(connections.get());
        })) {
            metrics.publishToWrite(1_000_000);
            assertThat(asked).as("asked while building and recording").hasValue(0);

            assertThat(metrics.scrape()).contains("headspace_sse_connections 3.0");
            connections.set(5);
            assertThat(metrics.scrape()).as("each scrape reads a fresh report").contains("headspace_sse_connections 5.0");
            assertThat(asked).hasValue(2);
        }
    }
}
