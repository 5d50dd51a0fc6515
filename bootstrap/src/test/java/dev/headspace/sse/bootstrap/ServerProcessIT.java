package dev.headspace.sse.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.domain.EventId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shipped jar as a process: start-up log, SIGTERM handling, exit status, ids across a restart, bad settings. */
@Timeout(120)
class ServerProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ShippedJar jar = new ShippedJar();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        jar.close();
    }

    private RawSseClient awaitStream(int port) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> {
            RawSseClient client = RawSseClient.connect(port, "/api/events", Map.of(), WAIT);
            clients.add(client);
            return client;
        }, client -> client.status() == 200);
    }

    @Test
    void sigterm_sendsEveryClientTheShutdownEvent_andExitsZeroWithinTheTimeout() throws Exception {
        int port = ShippedJar.freePort();
        Path log = Files.createTempFile("headspace", ".log");
        Process process = jar.start(Map.of("HEADSPACE_HTTP_PORT", Integer.toString(port),
                "HEADSPACE_SSE_MAX_CONNECTIONS", "50"), log);
        RawSseClient first = awaitStream(port);
        RawSseClient second = awaitStream(port);
        first.nextComment(WAIT);
        second.nextComment(WAIT);

        long signalled = System.nanoTime();
        process.destroy();
        boolean exited = process.waitFor(8, TimeUnit.SECONDS);

        assertThat(exited).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(6));
        assertThat(process.exitValue()).isZero();
        for (RawSseClient client : List.of(first, second)) {
            SseEvent last = client.nextEvent(WAIT);
            assertThat(last.event()).isEqualTo("shutdown");
            assertThat(last.retry()).isPositive();
            assertThat(client.awaitEndOfStream(WAIT)).isTrue();
        }
        String output = Files.readString(log);
        assertThat(output).contains("headspace-sse listening on http://127.0.0.1:" + port)
                .contains("headspace.http.port=" + port)
                .contains("headspace.sse.max-connections=50")
                .contains("shutdown complete");
    }

    /** The shaded jar must carry what the page loads: the WebJars are found through their own metadata. */
    @Test
    void shippedJar_servesTheDashboardAndEveryScriptItLoads() throws Exception {
        int port = ShippedJar.freePort();
        Process process = jar.start(Map.of("HEADSPACE_HTTP_PORT", Integer.toString(port)),
                Files.createTempFile("headspace", ".log"));
        try {
            awaitStream(port).close();
            PublishClient.Response page = PublishClient.get(port, "/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            Matcher script = Pattern.compile("<script[^>]* src=\"([^\"]+)\"").matcher(page.body());
            int scripts = 0;
            while (script.find()) {
                String src = script.group(1).replace("&#x2F;", "/").replace("&#47;", "/");
                assertThat(PublishClient.get(port, src).status()).as(src).isEqualTo(200);
                scripts++;
            }
            assertThat(scripts).as("htmx, its SSE extension, uPlot and the page's own").isGreaterThanOrEqualTo(3);
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void badSetting_stopsTheStartWithKeyValueAndRule() throws Exception {
        Path log = Files.createTempFile("headspace", ".log");
        Process process = jar.start(Map.of("HEADSPACE_SSE_HEARTBEAT_INTERVAL", "soon"), log);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log))
                .contains("headspace.sse.heartbeat-interval")
                .contains("HEADSPACE_SSE_HEARTBEAT_INTERVAL")
                .contains("\"soon\"")
                .contains("positive duration");
    }

    @Test
    void idsAfterARestart_areGreaterThanEveryIdOfTheRunBefore_andAClientOfTheRunBeforeIsToldToResync()
            throws Exception {
        int port = ShippedJar.freePort();
        EventId before = lastIdOfARun(port, null);
        EventId after = lastIdOfARun(port, before);

        assertThat(after).isGreaterThan(before);
    }

    /**
     * Starts the jar, publishes one event over HTTP and returns its id as the stream carried it. With the id of an
     * earlier run, first checks that a client resuming from it is told to resync: the events between it and the
     * restart are gone with the earlier run's memory.
     */
    private EventId lastIdOfARun(int port, EventId earlierRun) throws Exception {
        Path log = Files.createTempFile("headspace", ".log");
        Process process = jar.start(Map.of("HEADSPACE_HTTP_PORT", Integer.toString(port),
                "HEADSPACE_PUBLISH_TOKEN", "restart-test-token-0123"), log);
        RawSseClient client = awaitStream(port);
        client.nextComment(WAIT);
        if (earlierRun != null) {
            RawSseClient resuming = RawSseClient.connect(port, "/api/events",
                    Map.of("Last-Event-ID", earlierRun.toString()), WAIT);
            clients.add(resuming);
            SseEvent resync = resuming.nextEvent(WAIT);
            assertThat(resync.event()).isEqualTo("resync");
            assertThat(resync.data()).contains("\"reason\":\"unknown_id\"");
        }
        EventId id = PublishClient.publish(port, "restart-test-token-0123", "{\"type\":\"restart.check\",\"data\":{}}");
        assertThat(EventId.parse(client.nextEvent(WAIT).id())).isEqualTo(id);
        RawSseClient metrics = RawSseClient.connect(port, "/metrics", Map.of(), WAIT);
        clients.add(metrics);
        assertThat(metrics.body(WAIT)).contains("headspace_sse_events_broadcast_total 1.0");
        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return id;
    }
}
