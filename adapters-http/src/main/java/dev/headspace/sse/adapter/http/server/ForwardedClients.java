package dev.headspace.sse.adapter.http.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * For a request that came through a trusted proxy: takes the client's address from {@code X-Forwarded-For} (the
 * right-most entry that is not itself a trusted proxy), makes it the exchange's source address, and holds it against
 * the per-address cap for as long as the request lasts (a stream: as long as it is open). Requests from any other
 * peer pass untouched: {@link ConnectionGate} counted their connection. Runs on IO threads.
 */
final class ForwardedClients implements HttpHandler {

    private final HttpHandler next;
    private final Set<InetAddress> trustedProxies;
    private final AddressCounts counts;
    private final RefusalLog refusals;
    private final long retryAfterSeconds;
    private final JsonResponses json;

    ForwardedClients(HttpHandler next, Set<InetAddress> trustedProxies, AddressCounts counts, RefusalLog refusals,
                     long retryAfterSeconds, JsonResponses json) {
        this.next = next;
        this.trustedProxies = Set.copyOf(trustedProxies);
        this.counts = counts;
        this.refusals = refusals;
        this.retryAfterSeconds = retryAfterSeconds;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        InetSocketAddress peer = exchange.getSourceAddress();
        if (trustedProxies.isEmpty() || peer == null || !trustedProxies.contains(peer.getAddress())) {
            next.handleRequest(exchange);
            return;
        }
        InetAddress client = client(exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR), peer.getAddress());
        exchange.setSourceAddress(new InetSocketAddress(client, peer.getPort()));
        if (counts.enabled()) {
            if (!counts.tryAcquire(client)) {
                refusals.refused(client, "it holds " + counts.max() + " open requests through proxy "
                        + peer.getAddress().getHostAddress() + ", the per-address cap"
                        + " (HEADSPACE_HTTP_MAX_CONNECTIONS_PER_ADDRESS)");
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(retryAfterSeconds));
                json.error(exchange, 503, tooMany(counts.max(), retryAfterSeconds));
                return;
            }
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    counts.release(client);
                }
            };
            exchange.addExchangeCompleteListener((done, nextListener) -> {
                release.run();
                nextListener.proceed();
            });
            // a stream whose socket dies may end with its connection rather than by completing
            exchange.getConnection().addCloseListener(connection -> release.run());
        }
        next.handleRequest(exchange);
    }

    /** The 503 body for a client address past the cap. */
    static ErrorJson tooMany(int max, long retryAfterSeconds) {
        return ErrorJson.retryLater("too_many_connections", "this address already holds " + max
                + " open connections, the most one address may (HEADSPACE_HTTP_MAX_CONNECTIONS_PER_ADDRESS)",
                retryAfterSeconds);
    }

    /**
     * Walks {@code X-Forwarded-For} from the right (the entry the nearest proxy added), skipping trusted proxies: the
     * first other address is the client. Anything unreadable ends the walk, and the last address known stands.
     */
    private InetAddress client(HeaderValues forwardedFor, InetAddress peer) {
        if (forwardedFor == null) {
            return peer;
        }
        InetAddress client = peer;
        for (int header = forwardedFor.size() - 1; header >= 0; header--) {
            String[] hops = forwardedFor.get(header).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                InetAddress hop = IpLiteral.parse(hops[i]);
                if (hop == null) {
                    return client;
                }
                client = hop;
                if (!trustedProxies.contains(hop)) {
                    return hop;
                }
            }
        }
        return client;
    }
}
