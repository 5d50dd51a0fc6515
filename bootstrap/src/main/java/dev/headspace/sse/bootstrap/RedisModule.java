package dev.headspace.sse.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import dev.headspace.sse.adapter.redis.RedisEventLog;
import dev.headspace.sse.config.Settings;
import dev.headspace.sse.domain.port.EventEncoder;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Singleton;

/** The shared event log on Redis, present when {@code HEADSPACE_BACKEND=redis}; the core is assembled on it then. */
@Module
interface RedisModule {

    @Provides
    @Singleton
    static Optional<RedisEventLog> redisEventLog(Settings settings, EventEncoder encoder, ObjectMapper mapper,
                                                 Clock clock) {
        return settings.backend().redis().map(redis -> RedisEventLog.connect(redis, encoder, mapper, clock));
    }
}
