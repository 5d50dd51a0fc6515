package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.MaintainConnectionsUseCase;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the connection sweep on one daemon thread at a fixed delay; a failing sweep is logged and run again. */
public final class PeriodicSweep implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PeriodicSweep.class.getName());

    private final ScheduledExecutorService scheduler;

    public PeriodicSweep(MaintainConnectionsUseCase maintenance, Duration period) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "headspace-sweep");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                maintenance.sweep();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "connection sweep failed; it runs again next period", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
