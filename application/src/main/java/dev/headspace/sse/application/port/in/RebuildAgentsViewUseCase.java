package dev.headspace.sse.application.port.in;

import java.util.List;

/**
 * Puts a node's agents view where the shared log's retained history leaves it, so that a node started after
 * transitions were published answers {@code GET /api/agents} as the others do.
 */
public interface RebuildAgentsViewUseCase {

    /**
     * Records the transitions of {@code history}, oldest first, in the agents view; nothing is delivered or held in
     * the window. Called once at start, before the node's reader applies what follows and before any client joins.
     */
    void rebuild(List<LoggedEvents.Entry> history);
}
