package dev.headspace.sse.bootstrap;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.headspace.sse.application.BroadcastEventService;
import dev.headspace.sse.application.ClientRegistry;
import dev.headspace.sse.application.EventIdGenerator;
import dev.headspace.sse.application.GetHealthService;
import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.application.MaintainConnectionsService;
import dev.headspace.sse.application.PublishStatistics;
import dev.headspace.sse.application.ShutdownService;
import dev.headspace.sse.application.SseStatistics;
import dev.headspace.sse.application.StreamOrder;
import dev.headspace.sse.application.SubscribeService;
import dev.headspace.sse.application.port.in.BroadcastEventUseCase;
import dev.headspace.sse.application.port.in.GetHealthUseCase;
import dev.headspace.sse.application.port.in.MaintainConnectionsUseCase;
import dev.headspace.sse.application.port.in.ShutdownUseCase;
import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.config.ReplaySettings;
import dev.headspace.sse.config.Settings;
import dev.headspace.sse.domain.port.EventEncoder;
import dev.headspace.sse.domain.port.EventLog;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import javax.inject.Singleton;

/** The use cases and the in-memory event log, built from their settings, and the ports they are reached through. */
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
    static EventIdGenerator eventIdGenerator(Clock clock) {
        return new EventIdGenerator(clock::millis);
    }

    @Provides
    @Singleton
    static StreamOrder streamOrder() {
        return new StreamOrder();
    }

    /** The log starts after an id taken from the generator and never used, so it knows every id it will hold. */
    @Provides
    @Singleton
    static EventLog eventLog(Settings settings, EventIdGenerator ids, Clock clock) {
        ReplaySettings replay = settings.replay();
        return new InMemoryEventLog(replay.capacity(), replay.maxBytes(), replay.maxAge(), clock::millis, ids.next());
    }

    @Provides
    @Singleton
    static SubscribeService subscribeService(ClientRegistry registry, EventLog log, StreamOrder order,
                                             Settings settings, SseStatistics statistics, StreamMetrics metrics,
                                             Clock clock) {
        return new SubscribeService(registry, log, order, settings.replay().maxEvents(), statistics, metrics, clock);
    }

    @Provides
    @Singleton
    static BroadcastEventService broadcastEventService(ClientRegistry registry, EventEncoder encoder,
                                                       EventIdGenerator ids, EventLog log, StreamOrder order,
                                                       SseStatistics statistics) {
        return new BroadcastEventService(registry, encoder, ids, log, order, statistics);
    }

    @Provides
    @Singleton
    static MaintainConnectionsService maintainConnectionsService(ClientRegistry registry, SseStatistics statistics,
                                                                 Settings settings) {
        return new MaintainConnectionsService(registry, statistics, settings.sse().heartbeatInterval(),
                settings.sse().staleTimeout(), settings.sse().stallTimeout(), System::nanoTime);
    }

    @Provides
    @Singleton
    static ShutdownService shutdownService(ClientRegistry registry) {
        return new ShutdownService(registry);
    }

    @Provides
    @Singleton
    static GetHealthService getHealthService(ClientRegistry registry, EventLog log, SseStatistics statistics,
                                             PublishStatistics publishing) {
        return new GetHealthService(registry, log, statistics, publishing);
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
