package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.GetHealthUseCase;
import dev.headspace.sse.application.port.in.HealthReport;
import dev.headspace.sse.domain.BackendStatus;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.port.ClientSubscription;
import dev.headspace.sse.domain.port.EventLog;
import java.util.function.Supplier;

/** Reads the registry, the log and the counters into a health report. */
final class GetHealthService implements GetHealthUseCase {

    private final ClientRegistry registry;
    private final EventLog log;
    private final SseStatistics statistics;
    private final PublishStatistics publishing;
    private final Supplier<BackendStatus> backend;
    private final Supplier<HealthReport.Outbox> outbox;

    GetHealthService(ClientRegistry registry, EventLog log, SseStatistics statistics,
                            PublishStatistics publishing) {
        this(registry, log, statistics, publishing, () -> null, () -> null);
    }

    /**
     * @param backend how the node follows its shared log; answers null on the embedded log
     * @param outbox  what waits in the in-process producers' outbox; answers null on the embedded log
     */
    GetHealthService(ClientRegistry registry, EventLog log, SseStatistics statistics, PublishStatistics publishing,
                     Supplier<BackendStatus> backend, Supplier<HealthReport.Outbox> outbox) {
        this.outbox = outbox;
        this.backend = backend;
        this.registry = registry;
        this.log = log;
        this.statistics = statistics;
        this.publishing = publishing;
    }

    @Override
    public HealthReport health() {
        int active = registry.size();
        String status = registry.isClosed() ? "shutting_down"
                : active >= registry.maxClients() ? "at_capacity" : "ok";
        QueueDepth highWater = statistics.departedQueuePeak();
        for (ClientSubscription subscription : registry.all()) {
            highWater = highWater.max(subscription.stream().queuePeak());
        }
        return new HealthReport(status, active, registry.maxClients(), statistics.eventsBroadcast(),
                statistics.deliveries(), statistics.heartbeatsSent(), statistics.clientsEvicted(),
                statistics.disconnectsByLabel(), publishing.published(), publishing.refused(),
                new HealthReport.Replays(statistics.replays(), statistics.eventsReplayed(),
                        statistics.resyncsByLabel()),
                highWater, new HealthReport.Log(log.held(), log.oldestHeld().orElse(null)), backend.get(),
                publishing.unavailable(), outbox.get());
    }
}
