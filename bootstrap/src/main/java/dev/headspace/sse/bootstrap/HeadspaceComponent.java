package dev.headspace.sse.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import dev.headspace.sse.adapter.events.AgentStateMachine;
import dev.headspace.sse.adapter.events.EventWriter;
import dev.headspace.sse.config.Settings;
import java.time.Clock;
import javax.inject.Singleton;

/** The whole service, wired at compile time; only entry points are exposed. */
@Singleton
@Component(modules = {ApplicationModule.class, EventsModule.class, HttpModule.class, RedisModule.class})
public interface HeadspaceComponent {

    HeadspaceServer server();

    /** The in-process event writer, for producers inside the JVM. */
    EventWriter eventWriter();

    /** The agent state machine, whose accepted transitions are published as state_transition events. */
    AgentStateMachine agentStateMachine();

    /** Builds the graph from settings read at start-up. */
    @Component.Factory
    interface Factory {
        HeadspaceComponent create(@BindsInstance Settings settings, @BindsInstance Clock clock);
    }

    static HeadspaceComponent create(Settings settings) {
        return DaggerHeadspaceComponent.factory().create(settings, Clock.systemUTC());
    }
}
