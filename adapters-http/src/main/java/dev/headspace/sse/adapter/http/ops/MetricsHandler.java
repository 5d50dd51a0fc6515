package dev.headspace.sse.adapter.http.ops;

import dev.headspace.sse.adapter.http.server.JsonResponses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: every metric in the Prometheus text format, for scrapers. */
public final class MetricsHandler implements HttpHandler {

    private final PrometheusMetrics metrics;
    private final JsonResponses json;

    public MetricsHandler(PrometheusMetrics metrics, JsonResponses json) {
        this.metrics = metrics;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (json.refusedUnlessGet(exchange)) {
            return;
        }
        if (exchange.isInIoThread()) {
            // a scrape walks every meter: off the IO thread, which serves streams
            exchange.dispatch(this);
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PrometheusMetrics.CONTENT_TYPE);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
