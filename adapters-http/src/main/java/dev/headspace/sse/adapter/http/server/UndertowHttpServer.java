package dev.headspace.sse.adapter.http.server;

import dev.headspace.sse.config.HttpSettings;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Undertow server: its listener, its routes, and the two halves of a graceful stop. */
public final class UndertowHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(UndertowHttpServer.class);

    private final HttpSettings settings;
    private final PathHandler routes;
    private final CorsHandler root;
    private Undertow undertow;
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
        this.root = new CorsHandler(settings.corsOrigins(), gate, json);
    }

    public synchronized void start() {
        undertow = Undertow.builder()
                .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .addHttpListener(settings.port(), settings.host())
                .setHandler(root)
                .build();
        undertow.start();
    }

    /** The bound port (the configured one, or the one the OS chose for port 0). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
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
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
    }
}
