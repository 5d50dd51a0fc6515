package dev.headspace.sse.adapter.http.ops;

import dev.headspace.sse.application.port.in.HealthReport;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.StreamMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The service's metrics in Micrometer's Prometheus registry. Counters and gauges are read at each scrape from one
 * health report, so the hot path counts nothing twice; the two distributions (publish-to-write latency and replay
 * sizes) are recorded as they happen, through the {@link StreamMetrics} port. The report is asked for only when a scrape
 * reads it, so the metrics can be built before the core that reports (and that records through them).
 */
public final class PrometheusMetrics implements StreamMetrics, AutoCloseable {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<HealthReport> health;
    private final Timer publishToWrite;
    private final DistributionSummary replaySize;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** The report the meters read; taken at each scrape, and null until the first. */
    private volatile HealthReport snapshot;

    /** @param health the current health report, asked for at each scrape (never while constructing) */
    public PrometheusMetrics(Supplier<HealthReport> health) {
        this.health = health;
        publishToWrite = Timer.builder("headspace.sse.publish.to.write")
                .description("time from an event's publish to a client's socket taking its last byte (oldest event"
                        + " of each write)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        replaySize = DistributionSummary.builder("headspace.sse.replay.events")
                .description("events sent from the log to one reconnecting client")
                .serviceLevelObjectives(1, 10, 100, 1_000, 10_000)
                .register(registry);
        gauge("headspace.sse.connections", "live stream connections", HealthReport::activeConnections);
        gauge("headspace.sse.connections.max", "the connection limit", HealthReport::maxConnections);
        counter("headspace.events.published", "events producers had accepted", HealthReport::eventsPublished);
        counter("headspace.events.refused", "events producers had refused; none of them was published",
                HealthReport::eventsRefused);
        counter("headspace.events.unavailable", "events offered while the shared event log was unavailable; none "
                + "of them was published", HealthReport::eventsUnavailable);
        gauge("headspace.backend.up", "1 while the event log is reachable and followed, 0 while degraded",
                report -> report.backend() == null || report.backend().ok() ? 1 : 0);
        gauge("headspace.backend.lag.events", "entries of the shared event log this node has not applied yet",
                report -> report.backend() == null ? 0 : Math.max(0, report.backend().lagEvents()));
        gauge("headspace.outbox.events", "in-process producers' events waiting for the shared event log",
                report -> report.outbox() == null ? 0 : report.outbox().events());
        counter("headspace.outbox.overflowed", "in-process producers' events not taken because the outbox was full; "
                + "none of them was published", report -> report.outbox() == null ? 0 : report.outbox().overflowed());
        counter("headspace.sse.events.broadcast", "events broadcast to the stream", HealthReport::eventsBroadcast);
        counter("headspace.sse.deliveries", "events handed to client connections", HealthReport::deliveries);
        counter("headspace.sse.heartbeats", "heartbeat comments sent", HealthReport::heartbeatsSent);
        for (CloseReason reason : CloseReason.values()) {
            FunctionCounter.builder("headspace.sse.disconnects", this,
                            metrics -> metrics.snapshot().disconnects().getOrDefault(reason.label(), 0L))
                    .description("closed streams by reason").tag("reason", reason.label()).register(registry);
        }
        counter("headspace.sse.replays", "reconnecting clients served from the log", report -> report.replays().hits());
        counter("headspace.sse.replayed.events", "events sent from the log",
                report -> report.replays().eventsReplayed());
        for (ResyncReason reason : ResyncReason.values()) {
            FunctionCounter.builder("headspace.sse.resyncs", this,
                            metrics -> metrics.snapshot().replays().resyncs().getOrDefault(reason.label(), 0L))
                    .description("reconnecting clients told to reload their state, by reason")
                    .tag("reason", reason.label()).register(registry);
        }
        gauge("headspace.sse.queue.high.water.events", "the most events queued for one client at once",
                report -> report.queueHighWater().events());
        gauge("headspace.sse.queue.high.water.bytes", "the most bytes queued for one client at once",
                report -> report.queueHighWater().bytes());
        gauge("headspace.sse.log.events", "events held for replay", report -> report.log().held().events());
        gauge("headspace.sse.log.bytes", "memory counted for the events held for replay",
                report -> report.log().held().bytes());
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void counter(String name, String description, ToDoubleFunction<HealthReport> read) {
        FunctionCounter.builder(name, this, metrics -> read.applyAsDouble(metrics.snapshot()))
                .description(description).register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<HealthReport> read) {
        Gauge.builder(name, this, metrics -> read.applyAsDouble(metrics.snapshot()))
                .description(description).register(registry);
    }

    @Override
    public void publishToWrite(long nanos) {
        publishToWrite.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void replayed(int events) {
        replaySize.record(events);
    }

    /** Every metric in the Prometheus text format, counters as of now. */
    String scrape() {
        snapshot = health.get();
        return registry.scrape();
    }

    /** The report of the scrape under way; a meter read outside a scrape takes one of its own. */
    private HealthReport snapshot() {
        HealthReport current = snapshot;
        if (current == null) {
            current = health.get();
            snapshot = current;
        }
        return current;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
