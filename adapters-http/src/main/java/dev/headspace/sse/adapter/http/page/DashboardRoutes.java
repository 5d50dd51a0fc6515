package dev.headspace.sse.adapter.http.page;

import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.adapter.http.server.Route;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import java.util.Set;

/** The dashboard's routes: the page, its agents fragment, its own static files, the WebJars and the favicon. */
public final class DashboardRoutes {

    private DashboardRoutes() {
    }

    public static Set<Route> create(GetAgentStatesUseCase states, JsonResponses json) {
        ClassLoader loader = DashboardRoutes.class.getClassLoader();
        Templates templates = new Templates();
        StaticResources own = new StaticResources(loader, "static/", "no-cache", json);
        // a WebJar's path names its version, so a copy never goes stale
        StaticResources webJars = new StaticResources(loader, "META-INF/resources/webjars/",
                "public, max-age=31536000, immutable", json);
        return Set.of(
                new Route("/", new DashboardHandler(states, templates, json, false)),
                new Route("/partials/agents", new DashboardHandler(states, templates, json, true)),
                Route.prefix("/static", own),
                Route.prefix("/webjars", webJars),
                new Route("/favicon.ico", exchange -> {
                    exchange.setRelativePath("/favicon.svg");
                    own.handleRequest(exchange);
                }));
    }
}
