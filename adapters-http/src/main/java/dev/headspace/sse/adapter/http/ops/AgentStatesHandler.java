package dev.headspace.sse.adapter.http.ops;

import dev.headspace.sse.adapter.http.server.ErrorJson;
import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.domain.ProjectId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;

/** {@code GET /api/agents[?project_id=]}: the current task state of every agent, for a dashboard's first render. */
public final class AgentStatesHandler implements HttpHandler {

    private final GetAgentStatesUseCase states;
    private final JsonResponses json;

    public AgentStatesHandler(GetAgentStatesUseCase states, JsonResponses json) {
        this.states = states;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (json.refusedUnlessGet(exchange)) {
            return;
        }
        Deque<String> project = exchange.getQueryParameters().get("project_id");
        ProjectId projectId;
        try {
            projectId = project == null || project.isEmpty() ? null : new ProjectId(project.getFirst());
        } catch (IllegalArgumentException e) {
            json.error(exchange, 400, ErrorJson.invalidParameter(e.getMessage(), "project_id", null));
            return;
        }
        json.send(exchange, 200, AgentStatesJson.fromDomain(states.agentStates(projectId)));
    }
}
