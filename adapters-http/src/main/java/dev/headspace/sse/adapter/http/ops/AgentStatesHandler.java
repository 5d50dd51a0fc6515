package dev.headspace.sse.adapter.http.ops;

import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.ProjectId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.format.DateTimeFormatter;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            json.error(exchange, 400, "invalid_parameter", e.getMessage(), Map.of("parameter", "project_id"));
            return;
        }
        List<Map<String, Object>> agents = states.agentStates(projectId).stream().map(AgentStatesHandler::toJson).toList();
        json.send(exchange, 200, Map.of("agents", agents));
    }

    private static Map<String, Object> toJson(AgentState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("project_id", state.projectId().value());
        out.put("agent_id", state.agentId().value());
        out.put("task_id", state.taskId() == null ? null : state.taskId().value());
        out.put("state", state.state().wireName());
        out.put("updated_at", state.updatedAt() == null ? null : DateTimeFormatter.ISO_INSTANT.format(state.updatedAt()));
        out.put("last_trigger", state.lastTrigger() == null ? null : state.lastTrigger().toString());
        return out;
    }
}
