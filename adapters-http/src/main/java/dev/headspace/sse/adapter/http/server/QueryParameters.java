package dev.headspace.sse.adapter.http.server;

import dev.headspace.sse.domain.EventFilter;
import io.undertow.server.HttpServerExchange;
import java.util.Collection;
import java.util.List;

/** Reads a request's query parameters: each name's values, and the stream filter every view of the stream shares. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** Every value of the parameter, in order; empty when it is absent. */
    public static Collection<String> values(HttpServerExchange exchange, String name) {
        Collection<String> values = exchange.getQueryParameters().get(name);
        return values == null ? List.of() : values;
    }

    /**
     * The filter named by {@code types}, {@code project_id} and {@code agent_id}.
     *
     * @throws EventFilter.InvalidFilterException naming the parameter and the rule it breaks
     */
    public static EventFilter filter(HttpServerExchange exchange) {
        return EventFilter.parse(values(exchange, "types"), values(exchange, "project_id"),
                values(exchange, "agent_id"));
    }
}
