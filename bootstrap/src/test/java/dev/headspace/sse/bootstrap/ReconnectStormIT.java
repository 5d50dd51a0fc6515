package dev.headspace.sse.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.adapter.http.testing.PublishClient;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import dev.headspace.sse.adapter.http.testing.SseEvent;
import dev.headspace.sse.bootstrap.page.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10's reconnect storm at a small count against the shipped jar at its default {@code retry:} (2 s plus up to
 * 3 s of jitter; the full count is in {@code benchmarks/storm.sh}): 200 streams behind a TCP proxy that cuts every
 * connection at once, while events are published throughout. Each client waits the {@code retry:} it was sent, as
 * EventSource does, and reconnects through the proxy with {@code Last-Event-ID}: the reconnects spread over the
 * jitter window and every client ends with every event exactly once, in order.
 */
@Timeout(90)
class ReconnectStormIT {

    private static final int CLIENTS = 200;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String TOKEN = "storm-test-token-0123456";
    private static final String PATH = "/api/events?types=storm";

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reconnects = Executors.newScheduledThreadPool(4);
    private final ShippedJar jar = new ShippedJar();
    private Process process;

    @AfterEach
    void cleanUp() throws Exception {
        reconnects.shutdownNow();
        reconnects.awaitTermination(10, TimeUnit.SECONDS);
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        jar.close();
    }

    private int start(Path log) throws IOException {
        int port = ShippedJar.freePort();
        // the default retry and jitter; room for every client (the proxy is one address, within the per-address cap)
        process = jar.start(Map.of("HEADSPACE_HTTP_PORT", Integer.toString(port),
                "HEADSPACE_PUBLISH_TOKEN", TOKEN, "HEADSPACE_SSE_MAX_CONNECTIONS", Integer.toString(CLIENTS + 10)), log);
        await().atMost(WAIT).ignoreExceptions().until(() -> PublishClient.get(port, "/health").status() == 200);
        return port;
    }

    /** One client: its stream before the cut, the one it reconnected with, and when (nanos after the cut). */
    private static final class Client {
        volatile RawSseClient first;
        volatile RawSseClient second;
        volatile long retryMillis;
        volatile long waitedMillis;
        volatile long reconnectedAfterCutMillis = -1;
    }

    @Test
    void everyStreamCutAtOnce_reconnectsSpreadOverTheRetryJitter_andResumesWithoutLossOrDuplicate() throws Exception {
        Path log = Files.createTempFile("headspace-storm", ".log");
        int port = start(log);
        TcpProxy proxy = new TcpProxy(port);
        open.add(proxy);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Client client = new Client();
            client.first = RawSseClient.connect(proxy.port(), PATH, Map.of(), WAIT);
            open.add(client.first);
            assertThat(client.first.status()).isEqualTo(200);
            clients.add(client);
        }
        for (Client client : clients) {
            client.first.nextComment(WAIT);
            client.retryMillis = client.first.lastRetry();
        }

        List<String> published = new CopyOnWriteArrayList<>();
        Thread publisher = new Thread(() -> {
            for (int seq = 0; !Thread.currentThread().isInterrupted(); seq++) {
                published.add(PublishClient.publish(port, TOKEN, "{\"type\":\"storm\",\"data\":{\"seq\":" + seq + "}}")
                        .toString());
                try {
                    TimeUnit.MILLISECONDS.sleep(20); // the publish rate, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "storm-publisher");
        publisher.setDaemon(true);
        publisher.start();
        await().atMost(WAIT).until(() -> clients.stream().allMatch(c -> c.first.events().size() >= 10));

        long cut = System.nanoTime();
        proxy.cut();
        proxy.release();
        for (Client client : clients) {
            assertThat(client.first.awaitEndOfStream(WAIT)).as("the cut ends every stream").isTrue();
            long seen = System.nanoTime();
            // what EventSource does: wait the retry: it was sent, then reconnect with the last id it saw
            reconnects.schedule(() -> {
                client.waitedMillis = (System.nanoTime() - seen) / 1_000_000;
                RawSseClient second = RawSseClient.connect(proxy.port(), PATH,
                        Map.of("Last-Event-ID", client.first.lastEventId()), WAIT);
                open.add(second);
                client.second = second;
                client.reconnectedAfterCutMillis = (System.nanoTime() - cut) / 1_000_000;
                return null;
            }, client.retryMillis, TimeUnit.MILLISECONDS);
        }
        await().atMost(WAIT).until(() -> clients.stream().allMatch(c -> c.second != null));
        // publishing goes on past the last reconnect, then stops: every client must end with every event
        int afterLast = published.size() + 10;
        await().atMost(WAIT).until(() -> published.size() >= afterLast);
        publisher.interrupt();
        publisher.join(WAIT.toMillis());

        for (Client client : clients) {
            assertThat(client.retryMillis).as("retry: is the base plus a share of the jitter").isBetween(2_000L, 5_000L);
            assertThat(client.waitedMillis).as("the client honoured its retry:").isGreaterThanOrEqualTo(
                    client.retryMillis);
            assertThat(client.second.status()).as(() -> "the reconnect (the 200 streams cut must have given back their"
                    + " sockets and per-address slots) answered " + client.second.body(WAIT)).isEqualTo(200);
            int before = client.first.events().size();
            List<SseEvent> after = client.second.awaitEvents(published.size() - before, WAIT);
            List<String> got = Stream.concat(client.first.events().stream(), after.stream()).map(SseEvent::id).toList();
            assertThat(got).as("every event exactly once, in order, across the cut").containsExactlyElementsOf(published);
            assertThat(Stream.concat(client.first.events().stream(), after.stream()).map(SseEvent::type))
                    .as("no resync: the ids are this run's and within the log").containsOnly("storm");
        }

        List<Long> times = new ArrayList<>(clients.stream().map(c -> c.reconnectedAfterCutMillis).toList());
        Collections.sort(times);
        Map<Long, Integer> per100ms = new TreeMap<>();
        times.forEach(t -> per100ms.merge(t / 100, 1, Integer::sum));
        assertThat(times.get(times.size() * 9 / 10) - times.get(times.size() / 10))
                .as("p10 to p90 of reconnect times after the cut spread over the 3 s jitter, ms: " + times)
                .isGreaterThan(1_500L);
        assertThat(Collections.max(per100ms.values()))
                .as("no 100 ms holds more than a tenth of the reconnects: " + per100ms).isLessThanOrEqualTo(CLIENTS / 10);
        assertThat(Files.readString(log)).doesNotContain("ERROR");
    }
}
