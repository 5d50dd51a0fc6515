package dev.headspace.sse.adapter.http.page;

import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.adapter.http.server.QueryParameters;
import dev.headspace.sse.application.port.in.AgentsView;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.domain.EventFilter.InvalidFilterException;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.ProjectId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /} (the whole dashboard) and {@code GET /partials/agents} (its agent cards and counts, which htmx fetches
 * again on every state change): rendered from the agents view, with the stream position that view reflects, so the
 * page connects from exactly there. The filter follows the stream's rules; a bad one gets a 400 page saying which.
 */
final class DashboardHandler implements HttpHandler {

    private final GetAgentStatesUseCase states;
    private final Templates templates;
    private final JsonResponses json;
    private final boolean fragment;
    private final String htmxJs;
    private final String htmxSseJs;
    private final String uplotJs;
    private final String uplotCss;

    DashboardHandler(GetAgentStatesUseCase states, Templates templates, JsonResponses json, boolean fragment) {
        this.states = states;
        this.templates = templates;
        this.json = json;
        this.fragment = fragment;
        ClassLoader loader = DashboardHandler.class.getClassLoader();
        this.htmxJs = WebJars.url(loader, "htmx.org", "dist/htmx.min.js");
        this.htmxSseJs = WebJars.url(loader, "htmx-ext-sse", "sse.js");
        this.uplotJs = WebJars.url(loader, "uplot", "dist/uPlot.iife.min.js");
        this.uplotCss = WebJars.url(loader, "uplot", "dist/uPlot.min.css");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this); // reading the view waits for the stream order lock
            return;
        }
        if (json.refusedUnlessGet(exchange)) {
            return;
        }
        EventFilter filter;
        try {
            filter = QueryParameters.filter(exchange);
        } catch (InvalidFilterException e) {
            HtmlResponses.send(exchange, 400, templates.render("refused", new DashboardModel.Refusal(400,
                    "Bad parameter: " + e.dimension().fieldName(), e.dimension().fieldName(), e.rule(),
                    e.getMessage())));
            return;
        }
        // one project: read just its agents; several: read all, the model keeps the ones asked for
        ProjectId only = filter.projectIds().size() == 1 ? filter.projectIds().iterator().next() : null;
        AgentsView view = states.view(only);
        DashboardModel.Agents agents = DashboardModel.agents(view, filter);
        if (fragment) {
            HtmlResponses.send(exchange, 200, templates.render("_agents", agents));
            return;
        }
        DashboardModel.Filter shown = DashboardModel.Filter.of(filter);
        String query = shown.query().isEmpty() ? "" : "?" + shown.query();
        HtmlResponses.send(exchange, 200, templates.render("dashboard", new DashboardModel.Page(shown, agents,
                view.position().toString(), "/api/events" + query, "/partials/agents" + query, htmxJs, htmxSseJs,
                uplotJs, uplotCss)));
    }
}
