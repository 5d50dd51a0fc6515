package dev.headspace.sse.adapter.http.server;

import dev.headspace.sse.config.HttpLimits;
import dev.headspace.sse.config.HttpSettings;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Undertow server: its listener, its routes, and the two halves of a graceful stop. */
public final class UndertowHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(UndertowHttpServer.class);

    private final HttpSettings settings;
    private final PathHandler routes;
    private final HttpHandler root;
    private final JsonResponses json;
    private final AddressCounts counts;
    private final Set<InetAddress> trustedProxies;
    private final RefusalLog refusals = new RefusalLog(Duration.ofMinutes(1));
    private Undertow undertow;
    private GuardedListener listener;
    private volatile boolean draining;

    public UndertowHttpServer(HttpSettings settings, Set<Route> routes, JsonResponses json) {
        this.settings = settings;
        this.routes = new PathHandler(exchange ->
                json.error(exchange, 404, "not_found", "no resource at " + exchange.getRequestPath()));
        for (Route route : routes) {
            if (route.prefix()) {
                this.routes.addPrefixPath(route.path(), route.handler());
            } else {
                this.routes.addExactPath(route.path(), route.handler());
            }
        }
        HttpHandler gate = exchange -> {
            if (draining) {
                exchange.setPersistent(false);
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
                json.error(exchange, 503, "shutting_down", "the server is shutting down");
            } else {
                this.routes.handleRequest(exchange);
            }
        };
        HttpLimits limits = settings.limits();
        this.json = json;
        this.counts = new AddressCounts(limits.maxConnectionsPerAddress());
        this.trustedProxies = new LinkedHashSet<>();
        for (String proxy : limits.trustedProxies()) {
            InetAddress address = IpLiteral.parse(proxy);
            if (address == null) {
                throw new IllegalArgumentException("'trusted-proxies' must hold IP addresses, got \"" + proxy + "\"");
            }
            trustedProxies.add(address);
        }
        this.root = new ForwardedClients(
                new RequestHeadLimits(new CorsHandler(settings.corsOrigins(), gate, json),
                        limits.maxHeaderBytes(), limits.maxUrlBytes(), json),
                trustedProxies, counts, refusals, retryAfterSeconds(), json);
    }

    public synchronized void start() {
        int ioThreads = ioThreads();
        // Undertow runs the worker; the listener is ours, so that connections can be counted as they are accepted
        undertow = Undertow.builder().setIoThreads(ioThreads).build();
        undertow.start();
        HttpLimits limits = settings.limits();
        SocketBudget sockets = SocketBudget.of(limits.maxSockets());
        listener = GuardedListener.open(undertow.getWorker(), ioThreads, settings.host(), settings.port(), limits,
                sockets, root, counts, trustedProxies, refusals, retryAfterSeconds(),
                json.bytes(ForwardedClients.tooMany(counts.max(), retryAfterSeconds())));
        if (sockets.lowered()) {
            LOG.warn("HEADSPACE_HTTP_MAX_SOCKETS={} is at or above the safe bound below the file descriptor limit {};"
                    + " using {}", limits.maxSockets(), sockets.descriptorLimit(), sockets.sockets());
        }
        LOG.info("{} IO threads; open sockets capped at {} (process file descriptor limit {}); {} connections per"
                        + " address ({}); request head within {} ms, idle connections closed after {} ms",
                ioThreads, sockets.sockets(), sockets.descriptorLimit() < 0 ? "unknown" : sockets.descriptorLimit(),
                counts.enabled() ? counts.max() : "no cap on", trustedProxies.isEmpty() ? "no trusted proxies"
                        : "clients behind " + limits.trustedProxies() + " counted by X-Forwarded-For",
                limits.requestParseTimeout().toMillis(), limits.noRequestTimeout().toMillis());
    }

    /** The bound port (the configured one, or the one the OS chose for port 0). */
    public int port() {
        return listener.port();
    }

    /** Connections the client address holds open now, as the per-address cap counts them. */
    public int openConnections(InetAddress client) {
        return counts.open(client);
    }

    /** Idle connections are gone by then, so that is when a refused client should try again. */
    private long retryAfterSeconds() {
        return Math.max(1, (settings.limits().noRequestTimeout().toMillis() + 999) / 1000);
    }

    /**
     * The threads that read and write the connections: as configured, or one per core but one, and at least one. The
     * core left over runs what the IO threads hand off (closes, the Redis reader), the collector and the compiler.
     */
    private int ioThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        return settings.ioThreads() > 0 ? settings.ioThreads() : Math.max(1, cores - 1);
    }

    public String host() {
        return settings.host();
    }

    /**
     * Refuses every new request with 503 and {@code Connection: close} while open streams are being ended. (Undertow's
     * own listener suspend would also close every open connection, before clients got their final event.)
     */
    public void stopAccepting() {
        draining = true;
        LOG.info("refusing new requests while open streams end");
    }

    /** Closes the listener and every connection still open. */
    public synchronized void stop() {
        if (listener != null) {
            listener.close();
        }
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
        if (listener != null) {
            listener.release();
            listener = null;
        }
    }
}
