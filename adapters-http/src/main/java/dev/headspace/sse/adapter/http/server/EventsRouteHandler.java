package dev.headspace.sse.adapter.http.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

/** {@code /api/events}: GET subscribes, POST publishes, anything else is 405. */
public final class EventsRouteHandler implements HttpHandler {

    private final HttpHandler subscribe;
    private final HttpHandler publish;
    private final JsonResponses json;

    public EventsRouteHandler(HttpHandler subscribe, HttpHandler publish, JsonResponses json) {
        this.subscribe = subscribe;
        this.publish = publish;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (Methods.GET.equals(exchange.getRequestMethod())) {
            subscribe.handleRequest(exchange);
        } else if (Methods.POST.equals(exchange.getRequestMethod())) {
            publish.handleRequest(exchange);
        } else {
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET, POST");
            json.error(exchange, 405, "method_not_allowed",
                    exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath() + "; use GET or POST");
        }
    }
}
