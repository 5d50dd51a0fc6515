package dev.headspace.sse.adapter.http.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.List;
import java.util.Set;

/**
 * Lets the configured browser origins use the stream and the publish API across origins; with none configured,
 * nothing is added and browsers keep requests to the same origin.
 */
public final class CorsHandler implements HttpHandler {

    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final HttpHandler next;
    private final JsonResponses json;

    public CorsHandler(List<String> origins, HttpHandler next, JsonResponses json) {
        this.origins = Set.copyOf(origins);
        this.anyOrigin = origins.contains("*");
        this.next = next;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        boolean preflight = Methods.OPTIONS.equals(exchange.getRequestMethod())
                && exchange.getRequestHeaders().contains(REQUEST_METHOD);
        if (origin == null) {
            next.handleRequest(exchange);
            return;
        }
        boolean allowed = anyOrigin || origins.contains(origin);
        if (!allowed) {
            if (preflight) {
                json.error(exchange, 403, "origin_not_allowed", "origin " + origin
                        + " is not allowed; list it in HEADSPACE_HTTP_CORS_ORIGINS");
            } else {
                next.handleRequest(exchange);
            }
            return;
        }
        HeaderMap headers = exchange.getResponseHeaders();
        // the origin is echoed (never *) so that credentials (cookies, EventSource withCredentials) work
        headers.put(ALLOW_ORIGIN, origin).put(ALLOW_CREDENTIALS, "true").add(Headers.VARY, "Origin");
        if (preflight) {
            headers.put(ALLOW_METHODS, "GET, POST")
                    .put(ALLOW_HEADERS, "Authorization, Content-Type, Last-Event-ID, Cache-Control")
                    .put(MAX_AGE, "600");
            exchange.setStatusCode(204);
            exchange.endExchange();
            return;
        }
        next.handleRequest(exchange);
    }
}
