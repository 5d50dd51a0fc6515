package dev.headspace.sse.adapter.http.ops;

import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.application.port.in.GetHealthUseCase;
import dev.headspace.sse.application.port.in.HealthReport;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code GET /health}: 200 while serving, 503 once shutdown has begun, with the stream side's counters. */
public final class HealthHandler implements HttpHandler {

    private final GetHealthUseCase health;
    private final JsonResponses json;

    public HealthHandler(GetHealthUseCase health, JsonResponses json) {
        this.health = health;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        HealthReport report = health.health();
        json.send(exchange, report.serving() ? 200 : 503, HealthJson.fromDomain(report));
    }
}
