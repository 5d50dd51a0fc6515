package dev.headspace.sse.bootstrap;

import dev.headspace.sse.adapter.http.server.UndertowHttpServer;
import dev.headspace.sse.adapter.redis.RedisEventLog;
import dev.headspace.sse.application.Core;
import dev.headspace.sse.application.PeriodicSweep;
import dev.headspace.sse.config.Settings;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: the HTTP server, the periodic connection sweep, and the graceful shutdown of both. */
@Singleton
public final class HeadspaceServer {

    private static final Logger LOG = LoggerFactory.getLogger(HeadspaceServer.class);

    private final Settings settings;
    private final UndertowHttpServer http;
    private final Core core;
    private final Optional<RedisEventLog> redis;
    private PeriodicSweep sweeper;
    private boolean stopped;

    @Inject
    HeadspaceServer(Settings settings, UndertowHttpServer http, Core core, Optional<RedisEventLog> redis) {
        this.settings = settings;
        this.http = http;
        this.core = core;
        this.redis = redis;
    }

    public synchronized void start() {
        // the node follows the shared log before it takes clients, so its window is current when they come
        redis.ifPresent(log -> {
            // a node that starts after transitions were published shows them as the others do
            core.rebuildAgentsView().rebuild(log.transitionHistory());
            log.startReading(core.applyLoggedEvents());
        });
        http.start();
        sweeper = new PeriodicSweep(core.maintainConnections(), core.sweepPeriod());
        LOG.info("headspace-sse listening on http://{}:{}, event log: {} ({})", http.host(), port(),
                redis.isPresent() ? "redis " + settings.backend().redis().orElseThrow() : "memory",
                settings.changed().isEmpty() ? "all settings at their defaults"
                        : "settings changed from defaults: " + settings.changed());
    }

    public int port() {
        return http.port();
    }

    /**
     * Stops accepting connections, sends every client its final shutdown event, and closes the server, within the
     * configured shutdown timeout. Safe to call more than once.
     */
    public synchronized void shutdown() {
        if (stopped || sweeper == null) {
            return;
        }
        stopped = true;
        long started = System.nanoTime();
        http.stopAccepting();
        boolean clean = core.shutdown().shutdown(settings.shutdown().timeout());
        sweeper.close();
        http.stop();
        core.close();
        redis.ifPresent(RedisEventLog::close);
        LOG.info("shutdown {} in {} ms", clean ? "complete" : "forced after the timeout",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
