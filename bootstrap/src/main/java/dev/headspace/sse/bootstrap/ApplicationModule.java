package dev.headspace.sse.bootstrap;

import dagger.Module;
import dagger.Provides;
import dev.headspace.sse.application.Core;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.application.port.in.GetHealthUseCase;
import dev.headspace.sse.application.port.in.MaintainConnectionsUseCase;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.ShutdownUseCase;
import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.config.ReplaySettings;
import dev.headspace.sse.config.Settings;
import dev.headspace.sse.config.SseSettings;
import dev.headspace.sse.domain.port.EventEncoder;
import dev.headspace.sse.domain.port.StreamMetrics;
import dev.headspace.sse.adapter.redis.RedisEventLog;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Provider;
import javax.inject.Singleton;

/** The core, assembled once from the settings by {@link Core#assemble}, and the use cases it exposes. */
@Module
interface ApplicationModule {

    @Provides
    @Singleton
    static Core core(Settings settings, EventEncoder encoder, StreamMetrics metrics, Clock clock,
                     Optional<RedisEventLog> redis) {
        return redis.isPresent() ? Core.assemble(options(settings), encoder, metrics, clock, redis.get(),
                settings.backend().redis().orElseThrow().outboxEvents())
                : Core.assemble(options(settings), encoder, metrics, clock);
    }

    static Core.Options options(Settings settings) {
        SseSettings sse = settings.sse();
        ReplaySettings replay = settings.replay();
        return new Core.Options(sse.maxConnections(), sse.heartbeatInterval(), sse.staleTimeout(),
                sse.stallTimeout(), replay.capacity(), replay.maxBytes(), replay.maxAge(), replay.maxEvents());
    }

    @Provides
    static SubscribeUseCase subscribe(Core core) {
        return core.subscribe();
    }

    @Provides
    static PublishEventsUseCase publish(Core core) {
        return core.publish();
    }

    @Provides
    static MaintainConnectionsUseCase maintain(Core core) {
        return core.maintainConnections();
    }

    @Provides
    static ShutdownUseCase shutdown(Core core) {
        return core.shutdown();
    }

    /**
     * Read through a provider: the metrics the core is built with report the core's health, so the health use case
     * is looked up when metrics are scraped, after the core exists.
     */
    @Provides
    static GetHealthUseCase health(Provider<Core> core) {
        return () -> core.get().health().health();
    }

    @Provides
    static GetAgentStatesUseCase agentStates(Core core) {
        return core.agentStates();
    }
}
