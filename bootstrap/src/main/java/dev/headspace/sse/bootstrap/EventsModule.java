package dev.headspace.sse.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import dev.headspace.sse.adapter.events.AgentStateMachine;
import dev.headspace.sse.adapter.events.EventWriter;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import javax.inject.Singleton;

/** The in-process producers: the event writer and the agent state machine, both publishing through the core. */
@Module
interface EventsModule {

    @Provides
    @Singleton
    static EventWriter eventWriter(PublishEventsUseCase publish, ObjectMapper mapper) {
        return new EventWriter(publish, mapper);
    }

    @Provides
    @Singleton
    static AgentStateMachine agentStateMachine(EventWriter writer, GetAgentStatesUseCase states) {
        return new AgentStateMachine(writer, states);
    }
}
