package dev.headspace.sse.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import dev.headspace.sse.application.port.in.BroadcastEventUseCase;
import dev.headspace.sse.config.Settings;
import java.time.Clock;
import javax.inject.Singleton;

/** The whole service, wired at compile time; only entry points are exposed. */
@Singleton
@Component(modules = {ApplicationModule.class, HttpModule.class})
public interface HeadspaceComponent {

    HeadspaceServer server();

    /** The inbound publish port, for in-process producers. */
    BroadcastEventUseCase broadcast();

    /** Builds the graph from settings read at start-up. */
    @Component.Factory
    interface Factory {
        HeadspaceComponent create(@BindsInstance Settings settings, @BindsInstance Clock clock);
    }

    static HeadspaceComponent create(Settings settings) {
        return DaggerHeadspaceComponent.factory().create(settings, Clock.systemUTC());
    }
}
