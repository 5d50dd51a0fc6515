package dev.headspace.sse.application;

import dev.headspace.sse.application.port.in.GetHealthUseCase;
import dev.headspace.sse.application.port.in.HealthReport;

/** Reads the registry and the counters into a health report. */
public final class GetHealthService implements GetHealthUseCase {

    private final ClientRegistry registry;
    private final SseStatistics statistics;
    private final PublishStatistics publishing;

    public GetHealthService(ClientRegistry registry, SseStatistics statistics, PublishStatistics publishing) {
        this.registry = registry;
        this.statistics = statistics;
        this.publishing = publishing;
    }

    @Override
    public HealthReport health() {
        int active = registry.size();
        String status = registry.isClosed() ? "shutting_down"
                : active >= registry.maxClients() ? "at_capacity" : "ok";
        return new HealthReport(status, active, registry.maxClients(), statistics.eventsBroadcast(),
                statistics.deliveries(), statistics.heartbeatsSent(), statistics.clientsEvicted(),
                statistics.disconnectsByLabel(), publishing.published(), publishing.refused());
    }
}
