package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.adapter.http.testing.PublishClient.Response;
import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /metrics}: what a Prometheus scrape reads, after real traffic. */
@Timeout(30)
class MetricsIT extends LiveServerTest {

    /** The value of one sample line, {@code name{labels} value}, or fails naming what was missing. */
    private static double sample(String scrape, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
        assertThat(line.find()).as("a sample of %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(line.group(1));
    }

    @Test
    void scrape_reportsConnectionsEventsDisconnectsReplaysAndLatency_inThePrometheusTextFormat() {
        TestServer server = server(TestServer.builder());
        RawSseClient reader = connect(server, "/api/events");
        reader.nextComment(WAIT);
        String first = server.publish("tick", "{}").id().toString();
        server.publish("tick", "{}");
        reader.awaitEvents(2, WAIT);
        RawSseClient leaving = connect(server, "/api/events");
        leaving.close();
        connect(server, "/api/events", Map.of("Last-Event-ID", first)).nextEvent(WAIT);
        connect(server, "/api/events", Map.of("Last-Event-ID", "nonsense")).nextEvent(WAIT);
        await().atMost(WAIT).until(() -> server.clients() == 3);

        RawSseClient scrape = connect(server, "/metrics");
        String body = scrape.body(WAIT);

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(sample(body, "headspace_sse_connections")).isEqualTo(3);
        assertThat(sample(body, "headspace_sse_connections_max")).isEqualTo(100);
        assertThat(sample(body, "headspace_sse_events_broadcast_total")).isEqualTo(2);
        assertThat(sample(body, "headspace_sse_deliveries_total")).isEqualTo(2);
        assertThat(sample(body, "headspace_sse_disconnects_total{reason=\"client_gone\"}")).isEqualTo(1);
        assertThat(sample(body, "headspace_sse_disconnects_total{reason=\"slow_consumer\"}")).isZero();
        assertThat(sample(body, "headspace_sse_replays_total")).isEqualTo(1);
        assertThat(sample(body, "headspace_sse_replayed_events_total")).isEqualTo(1);
        assertThat(sample(body, "headspace_sse_resyncs_total{reason=\"malformed_id\"}")).isEqualTo(1);
        assertThat(sample(body, "headspace_sse_replay_events_count")).isEqualTo(1);
        assertThat(sample(body, "headspace_sse_replay_events_bucket{le=\"1.0\"}")).isEqualTo(1);
        assertThat(sample(body, "headspace_sse_log_events")).isEqualTo(2);
        assertThat(sample(body, "headspace_events_published_total")).isEqualTo(2);
        // the reader's two live events were written, each timed from publish to socket
        assertThat(sample(body, "headspace_sse_publish_to_write_seconds_count")).isBetween(1.0, 2.0);
        assertThat(body).contains("headspace_sse_publish_to_write_seconds_bucket{le=\"+Inf\"}");
        assertThat(sample(body, "headspace_sse_queue_high_water_events")).isPositive();
        assertThat(body).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void otherMethods_get405WithAllow() {
        TestServer server = server(TestServer.builder());

        Response post = PublishClient.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET");
    }
}
