package dev.headspace.sse.adapter.http.page;

import dev.headspace.sse.application.port.in.AgentsView;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.ProjectId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the dashboard templates show, built from a filter and the agents view; every string is escaped on output. */
final class DashboardModel {

    private DashboardModel() {
    }

    /** The filter as the page's data attributes and links carry it: each dimension a sorted comma list. */
    record Filter(String types, String projectId, String agentId, String query) {

        static Filter of(EventFilter filter) {
            String types = join(filter.types().stream().map(EventType::value).toList());
            String projects = join(filter.projectIds().stream().map(ProjectId::value).toList());
            String agents = join(filter.agentIds().stream().map(AgentId::value).toList());
            List<String> query = new ArrayList<>();
            // the values are limited to [A-Za-z0-9_.:-] by the filter's rules, so none needs percent-encoding
            if (!types.isEmpty()) {
                query.add("types=" + types);
            }
            if (!projects.isEmpty()) {
                query.add("project_id=" + projects);
            }
            if (!agents.isEmpty()) {
                query.add("agent_id=" + agents);
            }
            return new Filter(types, projects, agents, String.join("&", query));
        }

        private static String join(List<String> values) {
            return values.stream().sorted().collect(Collectors.joining(","));
        }
    }

    record Agent(String agentId, String taskId, String state, String group, String updatedAt, String lastTrigger) {
    }

    record Project(String projectId, List<Agent> agents) {
    }

    /** Input needed: awaiting_input; working: commanded, processing; idle: idle, complete. */
    record Counts(int inputNeeded, int working, int idle) {
    }

    record Agents(Counts counts, List<Project> projects, boolean empty, String position) {
    }

    record Page(Filter filter, Agents agents, String position, String streamUrl, String fragmentUrl, String htmxJs,
                String htmxSseJs, String uplotJs, String uplotCss) {
    }

    record Refusal(int status, String title, String parameter, String rule, String message) {
    }

    static Agents agents(AgentsView view, EventFilter filter) {
        Map<String, List<Agent>> byProject = new LinkedHashMap<>();
        int input = 0;
        int working = 0;
        int idle = 0;
        for (AgentState state : view.agents()) {
            if (!filter.projectIds().isEmpty() && !filter.projectIds().contains(state.projectId())
                    || !filter.agentIds().isEmpty() && !filter.agentIds().contains(state.agentId())) {
                continue;
            }
            String group = switch (state.state()) {
                case AWAITING_INPUT -> "input";
                case COMMANDED, PROCESSING -> "working";
                case IDLE, COMPLETE -> "idle";
            };
            switch (group) {
                case "input" -> input++;
                case "working" -> working++;
                default -> idle++;
            }
            byProject.computeIfAbsent(state.projectId().value(), key -> new ArrayList<>()).add(new Agent(
                    state.agentId().value(), state.taskId().value(), state.state().wireName(), group,
                    DateTimeFormatter.ISO_INSTANT.format(state.updatedAt()), state.lastTrigger().toString()));
        }
        List<Project> projects = byProject.entrySet().stream()
                .map(entry -> new Project(entry.getKey(), entry.getValue())).toList();
        return new Agents(new Counts(input, working, idle), projects, projects.isEmpty(), view.position().toString());
    }

}
