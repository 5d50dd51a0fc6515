package dev.headspace.sse.bootstrap;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.headspace.sse.application.BroadcastEventService;
import dev.headspace.sse.application.ClientRegistry;
import dev.headspace.sse.application.EventIdGenerator;
import dev.headspace.sse.application.GetHealthService;
import dev.headspace.sse.application.MaintainConnectionsService;
import dev.headspace.sse.application.PublishStatistics;
import dev.headspace.sse.application.ShutdownService;
import dev.headspace.sse.application.SseStatistics;
import dev.headspace.sse.application.SubscribeService;
import dev.headspace.sse.application.port.in.BroadcastEventUseCase;
import dev.headspace.sse.application.port.in.GetHealthUseCase;
import dev.headspace.sse.application.port.in.MaintainConnectionsUseCase;
import dev.headspace.sse.application.port.in.ShutdownUseCase;
import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.config.Settings;
import dev.headspace.sse.domain.EventEncoder;
import java.time.Clock;
import javax.inject.Singleton;

/** The use cases, built explicitly from their settings, and the ports they are reached through. */
@Module
interface ApplicationModule {

    @Provides
    @Singleton
    static ClientRegistry clientRegistry(Settings settings) {
        return new ClientRegistry(settings.sse().maxConnections());
    }

    @Provides
    @Singleton
    static SseStatistics sseStatistics() {
        return new SseStatistics();
    }

    @Provides
    @Singleton
    static SubscribeService subscribeService(ClientRegistry registry, SseStatistics statistics, Clock clock) {
        return new SubscribeService(registry, statistics, clock);
    }

    @Provides
    @Singleton
    static BroadcastEventService broadcastEventService(ClientRegistry registry, EventEncoder encoder,
                                                       SseStatistics statistics, Clock clock) {
        return new BroadcastEventService(registry, encoder, new EventIdGenerator(clock::millis), statistics);
    }

    @Provides
    @Singleton
    static MaintainConnectionsService maintainConnectionsService(ClientRegistry registry, SseStatistics statistics,
                                                                 Settings settings) {
        return new MaintainConnectionsService(registry, statistics, settings.sse().heartbeatInterval(),
                settings.sse().staleTimeout(), System::nanoTime);
    }

    @Provides
    @Singleton
    static ShutdownService shutdownService(ClientRegistry registry) {
        return new ShutdownService(registry);
    }

    @Provides
    @Singleton
    static GetHealthService getHealthService(ClientRegistry registry, SseStatistics statistics,
                                             PublishStatistics publishing) {
        return new GetHealthService(registry, statistics, publishing);
    }

    @Binds
    SubscribeUseCase subscribe(SubscribeService service);

    @Binds
    BroadcastEventUseCase broadcast(BroadcastEventService service);

    @Binds
    MaintainConnectionsUseCase maintain(MaintainConnectionsService service);

    @Binds
    ShutdownUseCase shutdown(ShutdownService service);

    @Binds
    GetHealthUseCase health(GetHealthService service);
}
