package dev.headspace.sse.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import dev.headspace.sse.adapter.events.AgentStateMachine;
import dev.headspace.sse.adapter.events.EventWriter;
import dev.headspace.sse.application.Core;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import javax.inject.Singleton;

/**
 * The in-process producers: the event writer and the agent state machine, both publishing through the core's
 * in-process way in (which, on a shared log, keeps their events in the outbox while the log cannot be reached).
 */
@Module
interface EventsModule {

    @Provides
    @Singleton
    static EventWriter eventWriter(Core core, ObjectMapper mapper) {
        return new EventWriter(core.publishInProcess(), mapper);
    }

    @Provides
    @Singleton
    static AgentStateMachine agentStateMachine(EventWriter writer, GetAgentStatesUseCase states) {
        return new AgentStateMachine(writer, states);
    }
}
