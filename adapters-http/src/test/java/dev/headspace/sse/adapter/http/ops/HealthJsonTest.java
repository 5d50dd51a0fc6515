package dev.headspace.sse.adapter.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.application.port.in.HealthReport;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.QueueDepth;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HealthJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private static HealthReport report(String status, EventId oldest) {
        return new HealthReport(status, 3, 100, 40, 120, 7, 1, Map.of("client_gone", 2L), 41, 5,
                new HealthReport.Replays(4, 30, Map.of("too_old", 1L)), new QueueDepth(12, 3456),
                new HealthReport.Log(new QueueDepth(40, 9000), oldest));
    }

    @Test
    void report_isWrittenWithEveryFieldInTheDocumentedOrder() throws Exception {
        String json = mapper.writeValueAsString(HealthJson.fromDomain(report("ok", new EventId(1_700_000_000_000L, 0))));

        assertThat(json).isEqualTo("{\"status\":\"ok\",\"sse\":{\"status\":\"ok\",\"active_connections\":3,"
                + "\"max_connections\":100,\"events_broadcast\":40,\"deliveries\":120,\"heartbeats_sent\":7,"
                + "\"clients_evicted\":1,\"disconnects\":{\"client_gone\":2},"
                + "\"queue_high_water\":{\"events\":12,\"bytes\":3456},"
                + "\"replay\":{\"hits\":4,\"events_replayed\":30,\"resyncs\":{\"too_old\":1},\"log_events\":40,"
                + "\"log_bytes\":9000,\"oldest_id\":\"1700000000000-0\"}},"
                + "\"events\":{\"published\":41,\"refused\":5}}");
    }

    @Test
    void shuttingDown_isTheTopStatus_andAnEmptyLog_hasANullOldestId() throws Exception {
        String json = mapper.writeValueAsString(HealthJson.fromDomain(report("shutting_down", null)));

        assertThat(json).startsWith("{\"status\":\"shutting_down\",\"sse\":{\"status\":\"shutting_down\",")
                .contains("\"oldest_id\":null}");
    }

    @Test
    void atCapacity_stillServes_soTheTopStatusIsOk() throws Exception {
        String json = mapper.writeValueAsString(HealthJson.fromDomain(report("at_capacity", null)));

        assertThat(json).startsWith("{\"status\":\"ok\",\"sse\":{\"status\":\"at_capacity\",");
    }
}
