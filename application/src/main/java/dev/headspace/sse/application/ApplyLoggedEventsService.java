package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.ApplyLoggedEventsUseCase;
import dev.headspace.sse.application.port.in.LoggedEvents;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.SchemaViolation;
import dev.headspace.sse.domain.StateTransition;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns what the reader read into broadcasts: the transition each {@code state_transition} states (the producer's
 * node checked it; one that does not state a valid one moves no agent), and, on a break, the resync of every client.
 */
final class ApplyLoggedEventsService implements ApplyLoggedEventsUseCase {

    private static final System.Logger LOG = System.getLogger(ApplyLoggedEventsService.class.getName());

    private final Broadcast broadcast;

    ApplyLoggedEventsService(Broadcast broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public void apply(LoggedEvents batch) {
        List<Broadcast.Logged> entries = new ArrayList<>(batch.events().size());
        for (LoggedEvents.Entry entry : batch.events()) {
            entries.add(new Broadcast.Logged(entry.id(), entry.event(), transition(entry)));
        }
        switch (batch.continuity()) {
            case GAP -> broadcast.restart(ResyncReason.TOO_OLD, batch.horizon(), entries);
            case NEW_EPOCH -> broadcast.restart(ResyncReason.UNKNOWN_ID, batch.horizon(), entries);
            case CONTINUES -> broadcast.applyLogged(entries);
        }
    }

    /** The transition an entry states, or null when it is no transition or a broken one (logged). */
    static StateTransition transition(LoggedEvents.Entry entry) {
        if (!StateTransition.isTransition(entry.event().type())) {
            return null;
        }
        Optional<SchemaViolation> broken = StateTransition.check(entry.event().projectId(), entry.event().agentId(),
                entry.data());
        if (broken.isPresent()) {
            LOG.log(Level.WARNING, "logged event {0} states no valid transition, the agents view ignores it: {1}",
                    entry.id(), broken.get().message());
            return null;
        }
        return StateTransition.read(entry.event().projectId(), entry.event().agentId(), entry.data());
    }
}
