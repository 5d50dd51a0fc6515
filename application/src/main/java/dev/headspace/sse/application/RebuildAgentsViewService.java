package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.LoggedEvents;
import dev.headspace.sse.application.port.in.RebuildAgentsViewUseCase;
import dev.headspace.sse.domain.StateTransition;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/** Replays the shared log's retained transitions into the agents view when a node starts. */
final class RebuildAgentsViewService implements RebuildAgentsViewUseCase {

    private static final System.Logger LOG = System.getLogger(RebuildAgentsViewService.class.getName());

    private final Broadcast broadcast;

    RebuildAgentsViewService(Broadcast broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public void rebuild(List<LoggedEvents.Entry> history) {
        List<Broadcast.Logged> transitions = new ArrayList<>();
        for (LoggedEvents.Entry entry : history) {
            StateTransition transition = ApplyLoggedEventsService.transition(entry);
            if (transition != null) {
                transitions.add(new Broadcast.Logged(entry.id(), entry.event(), transition));
            }
        }
        broadcast.followOnly(transitions);
        LOG.log(Level.INFO, "agents view rebuilt from {0} transitions of the shared log''s retained history",
                transitions.size());
    }
}
