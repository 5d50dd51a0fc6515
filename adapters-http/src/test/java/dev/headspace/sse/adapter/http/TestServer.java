package dev.headspace.sse.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.http.ops.AgentStatesHandler;
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
import dev.headspace.sse.adapter.http.stream.WriteBacklog;
import dev.headspace.sse.application.Core;
import dev.headspace.sse.application.PeriodicSweep;
import dev.headspace.sse.application.port.in.HealthReport;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.config.HttpLimits;
import dev.headspace.sse.config.HttpSettings;
import dev.headspace.sse.config.PublishSettings;
import dev.headspace.sse.config.SseSettings;
import dev.headspace.sse.config.SubscribeSettings;
import dev.headspace.sse.domain.CloseReason;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.NewEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A real Undertow on an ephemeral port with the real core, assembled as bootstrap assembles it ({@link Core#assemble})
 * but without Dagger (tests never build the component). Settings default to the shipped defaults with short timings,
 * and each test overrides what it needs.
 */
public final class TestServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final Core core;
    public final PrometheusMetrics metrics;
    private final UndertowHttpServer http;
    private final PeriodicSweep sweep;

    private TestServer(SseSettings sse, Builder b) {
        metrics = new PrometheusMetrics(() -> health());
        core = Core.assemble(new Core.Options(sse.maxConnections(), sse.heartbeatInterval(), sse.staleTimeout(),
                        sse.stallTimeout(), b.replayCapacity, b.replayMaxBytes, Duration.ofHours(1), b.replayMaxEvents),
                new SseEventEncoder(), metrics, Clock.systemUTC());
        JsonResponses json = new JsonResponses(MAPPER);
        WriteBacklog backlog = new WriteBacklog(sse.coalesceWindow(), metrics);
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, b.corsOrigins, b.httpLimits, b.ioThreads);
        http = new UndertowHttpServer(settings, Set.of(
                new Route("/api/events", new EventsRouteHandler(
                        new EventStreamHandler(core.subscribe(), sse,
                                new SubscribeSettings(Optional.ofNullable(b.subscribeToken)), backlog, json),
                        new PublishEventsHandler(core.publish(), new PublishSettings(
                                Optional.ofNullable(b.publishToken), b.publishMaxBytes), MAPPER, json, backlog),
                        json)),
                new Route("/api/agents", new AgentStatesHandler(core.agentStates(), json)),
                new Route("/health", new HealthHandler(core.health(), json)),
                new Route("/metrics", new MetricsHandler(metrics, json))), json);
        http.start();
        sweep = new PeriodicSweep(core.maintainConnections(), core.sweepPeriod());
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

    /** Connections the address holds open, as the per-address cap counts them. */
    public int openConnections(java.net.InetAddress client) {
        return http.openConnections(client);
    }

    /** Publishes through the core's one publish path, as any producer does; fails the test if it is refused. */
    public Event publish(NewEvent event, Map<String, Object> data) {
        PublishResult result = core.publish().publish(List.of(new PublishRequest(event, data)));
        if (result instanceof PublishResult.Refused refused) {
            throw new AssertionError("publish refused: " + refused.message());
        }
        return ((PublishResult.Accepted) result).events().get(0);
    }

    public Event publish(NewEvent event) {
        return publish(event, data(event.payloadJson()));
    }

    public Event publish(String type, String json) {
        return publish(NewEvent.of(type, json));
    }

    /** What {@code /health} reports now. */
    public HealthReport health() {
        return core.health().health();
    }

    /** Live streams plus those being set up, as the connection limit counts them. */
    public int clients() {
        return health().activeConnections();
    }

    public long disconnects(CloseReason reason) {
        return health().disconnects().get(reason.label());
    }

    public long eventsBroadcast() {
        return health().eventsBroadcast();
    }

    public long clientsEvicted() {
        return health().clientsEvicted();
    }

    public long heartbeatsSent() {
        return health().heartbeatsSent();
    }

    public long replays() {
        return health().replays().hits();
    }

    public long eventsReplayed() {
        return health().replays().eventsReplayed();
    }

    public Map<String, Long> resyncsByLabel() {
        return health().replays().resyncs();
    }

    public long published() {
        return health().eventsPublished();
    }

    /** The graceful shutdown as bootstrap runs it: stop accepting, end every stream, stop the server. */
    public boolean shutdownGracefully(Duration timeout) {
        http.stopAccepting();
        boolean clean = core.shutdown().shutdown(timeout);
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(String json) {
        try {
            return MAPPER.readValue(json, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("test payload is not a JSON object: " + json, e);
        }
    }

    /** Settings for one test server. */
    public static final class Builder {
        private Duration heartbeat = Duration.ofSeconds(30);
        private int maxConnections = 100;
        private Duration staleTimeout = Duration.ofSeconds(60);
        private Duration stallTimeout = Duration.ofSeconds(30);
        private Duration coalesceWindow = Duration.ofMillis(3);
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
        private int ioThreads;
        /** The shipped limits, but no per-address cap: every test client comes from 127.0.0.1. */
        private HttpLimits httpLimits = withPerAddressCap(HttpLimits.defaults(), 0);

        private static HttpLimits withPerAddressCap(HttpLimits limits, int cap) {
            return new HttpLimits(limits.requestParseTimeout(), limits.noRequestTimeout(), limits.maxHeaderBytes(),
                    limits.maxUrlBytes(), cap, limits.maxSockets(), limits.trustedProxies());
        }

        /** Listener limits: timeouts, head bounds, per-address and socket caps, trusted proxies. */
        public Builder httpLimits(HttpLimits value) {
            httpLimits = value;
            return this;
        }

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

        /** The IO threads; 0 (the default): one per core. */
        public Builder ioThreads(int value) {
            ioThreads = value;
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
                    Duration.ofSeconds(2), Duration.ofSeconds(3), queueEvents, queueBytes, stallTimeout, coalesceWindow,
                    2048),
                    this);
        }
    }
}
