package dev.headspace.sse.bootstrap;

import dev.headspace.sse.application.StreamOrder;
import dev.headspace.sse.domain.port.EventLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.headspace.sse.adapter.events.AgentStateMachine;
import dev.headspace.sse.adapter.events.EventWriter;
import dev.headspace.sse.application.embedded.InMemoryAgentStates;
import dev.headspace.sse.application.BroadcastEventService;
import dev.headspace.sse.application.GetAgentStatesService;
import dev.headspace.sse.application.PublishEventsService;
import dev.headspace.sse.application.PublishStatistics;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.domain.port.AgentStates;
import javax.inject.Singleton;

/** The producers: publishing with schema checks, the in-process event writer, the agent state machine and its view. */
@Module
interface EventsModule {

    @Provides
    @Singleton
    static PublishStatistics publishStatistics() {
        return new PublishStatistics();
    }

    @Provides
    @Singleton
    static PublishEventsService publishEventsService(BroadcastEventService broadcast, PublishStatistics statistics) {
        return new PublishEventsService(broadcast, statistics);
    }

    @Binds
    PublishEventsUseCase publish(PublishEventsService service);

    @Provides
    @Singleton
    static InMemoryAgentStates inMemoryAgentStates() {
        return new InMemoryAgentStates();
    }

    @Binds
    AgentStates agentStates(InMemoryAgentStates states);

    @Provides
    @Singleton
    static GetAgentStatesService getAgentStatesService(AgentStates states, EventLog log, StreamOrder order) {
        return new GetAgentStatesService(states, log, order);
    }

    @Binds
    GetAgentStatesUseCase getAgentStates(GetAgentStatesService service);

    @Provides
    @Singleton
    static EventWriter eventWriter(PublishEventsUseCase publish, ObjectMapper mapper) {
        return new EventWriter(publish, mapper);
    }

    @Provides
    @Singleton
    static AgentStateMachine agentStateMachine(EventWriter writer, InMemoryAgentStates states) {
        return new AgentStateMachine(writer, states);
    }
}
