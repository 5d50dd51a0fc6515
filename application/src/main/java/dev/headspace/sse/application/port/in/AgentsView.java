package dev.headspace.sse.application.port.in;

import dev.headspace.sse.domain.AgentState;
import dev.headspace.sse.domain.EventId;
import java.util.List;
import java.util.Objects;

/**
 * The agents' states as of one point of the stream: a page rendered from {@link #agents()} that connects with
 * {@link #position()} as its last event id is sent every later event, and misses no move in between.
 *
 * @param agents   ordered by project id, then agent id; an agent not listed is idle
 * @param position the id of the newest event the states reflect (the stream's resume point when they were read)
 */
public record AgentsView(List<AgentState> agents, EventId position) {

    public AgentsView {
        agents = List.copyOf(agents);
        Objects.requireNonNull(position, "'position' must not be null");
    }
}
