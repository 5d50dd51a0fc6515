package dev.headspace.sse.adapter.http;

import dev.headspace.sse.adapter.http.ops.HealthHandler;
import dev.headspace.sse.adapter.http.ops.MetricsHandler;
import dev.headspace.sse.adapter.http.ops.PrometheusMetrics;
import dev.headspace.sse.adapter.http.publish.PublishEventsHandler;
import dev.headspace.sse.adapter.http.server.EventsRouteHandler;
import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.adapter.http.server.Route;
import dev.headspace.sse.adapter.http.server.UndertowHttpServer;
import dev.headspace.sse.adapter.http.stream.EventStreamHandler;
import dev.headspace.sse.adapter.http.stream.SseEventEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.application.BroadcastEventService;
import dev.headspace.sse.application.ClientRegistry;
import dev.headspace.sse.application.EventIdGenerator;
import dev.headspace.sse.application.GetHealthService;
import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.application.MaintainConnectionsService;
import dev.headspace.sse.application.PeriodicSweep;
import dev.headspace.sse.application.ShutdownService;
import dev.headspace.sse.application.SseStatistics;
import dev.headspace.sse.application.SubscribeService;
import dev.headspace.sse.application.PublishEventsService;
import dev.headspace.sse.application.PublishStatistics;
import dev.headspace.sse.application.StreamOrder;
import dev.headspace.sse.config.HttpSettings;
import dev.headspace.sse.config.PublishSettings;
import dev.headspace.sse.config.SubscribeSettings;
import dev.headspace.sse.config.SseSettings;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.NewEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A real Undertow on an ephemeral port with the real use cases, wired by hand (tests never build the Dagger
 * component). Settings default to the shipped defaults with short timings, and each test overrides what it needs.
 */
public final class TestServer implements AutoCloseable {

    public final ClientRegistry registry;
    public final SseStatistics statistics = new SseStatistics();
    public final PublishStatistics publishStatistics = new PublishStatistics();
    public final PublishEventsService publish;
    public final BroadcastEventService broadcast;
    public final ShutdownService shutdown;
    public final GetHealthService health;
    public final MaintainConnectionsService maintenance;
    public final InMemoryEventLog log;
    public final PrometheusMetrics metrics;
    private final UndertowHttpServer http;
    private final PeriodicSweep sweep;

    private TestServer(SseSettings sse, Builder b) {
        Clock clock = Clock.systemUTC();
        registry = new ClientRegistry(sse.maxConnections());
        EventIdGenerator ids = new EventIdGenerator(clock::millis);
        log = new InMemoryEventLog(b.replayCapacity, b.replayMaxBytes, Duration.ofHours(1), clock::millis, ids.next());
        StreamOrder order = new StreamOrder();
        broadcast = new BroadcastEventService(registry, new SseEventEncoder(), ids, log, order, statistics);
        shutdown = new ShutdownService(registry);
        health = new GetHealthService(registry, log, statistics, publishStatistics);
        metrics = new PrometheusMetrics(health::health);
        maintenance = new MaintainConnectionsService(registry, statistics, sse.heartbeatInterval(),
                sse.staleTimeout(), sse.stallTimeout(), System::nanoTime);
        ObjectMapper mapper = new ObjectMapper();
        JsonResponses json = new JsonResponses(mapper);
        publish = new PublishEventsService(broadcast, publishStatistics);
        SubscribeService subscribe = new SubscribeService(registry, log, order,
                b.replayMaxEvents, statistics, metrics, clock);
        http = new UndertowHttpServer(new HttpSettings("127.0.0.1", 0, b.corsOrigins), Set.of(
                new Route("/api/events", new EventsRouteHandler(
                        new EventStreamHandler(subscribe, sse,
                                new SubscribeSettings(Optional.ofNullable(b.subscribeToken)), metrics, json),
                        new PublishEventsHandler(publish, new PublishSettings(Optional.ofNullable(b.publishToken),
                                b.publishMaxBytes), mapper, json), json)),
                new Route("/health", new HealthHandler(health, json)),
                new Route("/metrics", new MetricsHandler(metrics, json))), json);
        http.start();
        sweep = new PeriodicSweep(maintenance, MaintainConnectionsService.sweepPeriod(sse.heartbeatInterval(),
                sse.staleTimeout(), sse.stallTimeout()));
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TestServer start() {
        return builder().start();
    }

    public int port() {
        return http.port();
    }

    public Event publish(String type, String json) {
        return broadcast.broadcast(NewEvent.of(type, json));
    }

    /** The graceful shutdown as bootstrap runs it: stop accepting, end every stream, stop the server. */
    public boolean shutdownGracefully(Duration timeout) {
        http.stopAccepting();
        boolean clean = shutdown.shutdown(timeout);
        sweep.close();
        http.stop();
        return clean;
    }

    @Override
    public void close() {
        sweep.close();
        http.stop();
        metrics.close();
    }

    /** Settings for one test server. */
    public static final class Builder {
        private Duration heartbeat = Duration.ofSeconds(30);
        private int maxConnections = 100;
        private Duration staleTimeout = Duration.ofSeconds(60);
        private Duration stallTimeout = Duration.ofSeconds(30);
        private Duration coalesceWindow = Duration.ofMillis(2);
        private int replayCapacity = 10_000;
        private long replayMaxBytes = 64L << 20;
        private int replayMaxEvents = 1_000;
        private Duration retryAfter = Duration.ofSeconds(5);
        private int queueEvents = 4096;
        private long queueBytes = 4L << 20;
        private String publishToken;
        private String subscribeToken;
        private long publishMaxBytes = 64 * 1024;
        private List<String> corsOrigins = List.of();

        public Builder publishToken(String value) {
            publishToken = value;
            return this;
        }

        public Builder subscribeToken(String value) {
            subscribeToken = value;
            return this;
        }

        public Builder publishMaxBytes(long value) {
            publishMaxBytes = value;
            return this;
        }

        public Builder corsOrigins(String... values) {
            corsOrigins = List.of(values);
            return this;
        }

        public Builder heartbeat(Duration value) {
            heartbeat = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder staleTimeout(Duration value) {
            staleTimeout = value;
            return this;
        }

        public Builder coalesceWindow(Duration value) {
            coalesceWindow = value;
            return this;
        }

        public Builder stallTimeout(Duration value) {
            stallTimeout = value;
            return this;
        }

        public Builder replay(int capacity, long maxBytes, int maxEvents) {
            replayCapacity = capacity;
            replayMaxBytes = maxBytes;
            replayMaxEvents = maxEvents;
            return this;
        }

        public Builder retryAfter(Duration value) {
            retryAfter = value;
            return this;
        }

        public Builder clientQueue(int events, long bytes) {
            queueEvents = events;
            queueBytes = bytes;
            return this;
        }

        public TestServer start() {
            return new TestServer(new SseSettings(heartbeat, maxConnections, staleTimeout, retryAfter,
                    Duration.ofSeconds(2), Duration.ofSeconds(3), queueEvents, queueBytes, stallTimeout, coalesceWindow),
                    this);
        }
    }
}
