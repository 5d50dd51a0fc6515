package dev.headspace.sse.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 10's reconnect storm against a running server (the shipped jar, see {@code storm.sh}): N streams open, events
 * published throughout, then every stream is cut at once. Each client behaves as EventSource does: it waits the
 * {@code retry:} it was sent, then reconnects with {@code Last-Event-ID}. Reports the spread of reconnect times after
 * the cut, lost and duplicated events per client, resyncs, and the server's peak CPU and RSS (from /proc) and
 * {@code /health} times during the storm. JDK only; every client on one selector thread, source addresses cycled
 * through 127.0.8.0/24 so that no address passes the per-address cap. The cut is this tool closing every client socket
 * in one loop: to the server, what a proxy in front of it cutting every connection looks like.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.headspace.sse.benchmarks.Storm PORT SERVER_PID PUBLISH_TOKEN [clients=5000] [addresses=50] [eventsPerSecond=10]</pre>
 */
public final class Storm {

    static final String TYPE = "storm.witness";

    private final int port;
    private final long pid;
    private final String token;
    private final ServerWatch watch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger publishFailures = new AtomicInteger();
    private volatile boolean publishing;
    private volatile boolean running = true;

    private Storm(int port, long pid, String token) {
        this.port = port;
        this.pid = pid;
        this.token = token;
        this.watch = new ServerWatch(port, pid);
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        int addresses = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int rate = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        new Storm(Integer.parseInt(args[0]), Long.parseLong(args[1]), args[2]).run(clients, addresses, rate);
    }

    private static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private void run(int count, int addresses, int rate) throws Exception {
        out("rss_before_kb=" + watch.rssKb());
        watch.start();
        List<StormClient> clients = new ArrayList<>();
        Selector selector = Selector.open();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            StormClient client = new StormClient(InetAddress.getByName("127.0.8." + (1 + i % addresses)));
            SocketChannel channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(client.from, 0));
            channel.socket().connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            request(client, channel, null);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, client);
            clients.add(client);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        byte[] bytes = new byte[buffer.capacity()];
        loop(selector, buffer, bytes, Duration.ofSeconds(60), () -> clients.stream().allMatch(c -> c.retryMillis >= 0));
        long opened = clients.stream().filter(c -> c.status == 200).count();
        out("opened streams=" + opened + " of " + count + " addresses=" + addresses + " in_ms="
                + (System.nanoTime() - started) / 1_000_000 + " rss_kb=" + watch.rssKb());

        publishing = true;
        Thread publisher = ServerWatch.daemon("publisher", () -> publish(rate));
        long publishStart = System.nanoTime();
        loop(selector, buffer, bytes, Duration.ofSeconds(2), () -> false);
        int beforeCut = published.get();

        // the cut: every stream at once; each client then waits its retry: and reconnects with its last id
        long rssAtCut = watch.rssKb();
        watch.openWindow();
        long cut = System.nanoTime();
        PriorityQueue<StormClient> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
        for (StormClient client : clients) {
            client.channel.close();
            client.retryAtCut = client.retryMillis;
            client.dueNanos = cut + client.retryMillis * 1_000_000;
            due.add(client);
        }
        long cutMillis = (System.nanoTime() - cut) / 1_000_000;
        while (!due.isEmpty() || clients.stream().anyMatch(c -> c.reconnectedNanos < 0)) {
            if (System.nanoTime() - cut > Duration.ofSeconds(60).toNanos()) {
                break;
            }
            long now = System.nanoTime();
            while (!due.isEmpty() && due.peek().dueNanos <= now) {
                StormClient client = due.poll();
                SocketChannel channel = SocketChannel.open();
                channel.bind(new InetSocketAddress(client.from, 0));
                channel.configureBlocking(false);
                channel.connect(new InetSocketAddress("127.0.0.1", port));
                client.reconnecting(channel);
                channel.register(selector, SelectionKey.OP_CONNECT, client);
            }
            long wait = due.isEmpty() ? 50 : Math.max(1, (due.peek().dueNanos - System.nanoTime()) / 1_000_000);
            step(selector, buffer, bytes, Math.min(wait, 50), cut, due);
        }
        watch.closeWindow();
        long rssStormPeak = watch.peakRssKb();
        long cpuStormPeak = watch.peakCpuPermille();
        loop(selector, buffer, bytes, Duration.ofSeconds(2), () -> false);
        publishing = false;
        publisher.join(10_000);
        int total = published.get();
        loop(selector, buffer, bytes, Duration.ofSeconds(30), () -> clients.stream().allMatch(c -> c.expected >= total));
        running = false;
        watch.stop();

        List<Long> times = new ArrayList<>();
        Map<Long, Integer> per100ms = new TreeMap<>();
        int lost = 0;
        int duplicated = 0;
        int complete = 0;
        int resyncs = 0;
        int refused = 0;
        int honoured = 0;
        for (StormClient client : clients) {
            if (client.reconnectedNanos >= 0) {
                long millis = (client.reconnectedNanos - cut) / 1_000_000;
                times.add(millis);
                per100ms.merge(millis / 100, 1, Integer::sum);
                honoured += millis >= client.retryAtCut ? 1 : 0;
            }
            int missing = client.lost + Math.max(0, total - client.expected);
            lost += missing;
            duplicated += client.duplicated;
            resyncs += client.resyncs;
            refused += client.refused;
            complete += missing == 0 && client.duplicated == 0 ? 1 : 0;
        }
        Collections.sort(times);
        List<Long> retries = clients.stream().map(c -> c.retryAtCut).sorted().toList();
        out("retry_sent_ms min=" + retries.get(0) + " p50=" + ServerWatch.percentile(retries, 50) + " max="
                + retries.get(retries.size() - 1));
        out("cut streams=" + count + " in_ms=" + cutMillis + " published_before_cut=" + beforeCut
                + " publish_rate_per_s=" + rate);
        out("reconnect_after_cut_ms clients=" + times.size() + " min=" + (times.isEmpty() ? -1 : times.get(0))
                + " p50=" + ServerWatch.percentile(times, 50) + " p99=" + ServerWatch.percentile(times, 99) + " max="
                + (times.isEmpty() ? -1 : times.get(times.size() - 1)) + " busiest_100ms="
                + (per100ms.isEmpty() ? 0 : Collections.max(per100ms.values())) + " waited_their_retry=" + honoured
                + " refused_503=" + refused);
        out("events published=" + total + " publish_failures=" + publishFailures.get() + " clients_complete="
                + complete + " of " + count + " lost=" + lost + " duplicated=" + duplicated + " resyncs=" + resyncs
                + " elapsed_ms=" + (System.nanoTime() - publishStart) / 1_000_000);
        List<Long> health = watch.healthMillisSorted();
        out("health_during_storm probes=" + health.size() + " failures=" + watch.healthFailures() + " p50_ms="
                + ServerWatch.percentile(health, 50) + " p99_ms=" + ServerWatch.percentile(health, 99) + " max_ms="
                + (health.isEmpty() ? -1 : health.get(health.size() - 1)) + " slowest_ms_at_ms_after_cut="
                + watch.slowestProbes(3));
        out("server rss_at_cut_kb=" + rssAtCut + " rss_peak_during_storm_kb=" + rssStormPeak + " rss_after_kb="
                + watch.rssKb() + " cpu_peak_during_storm_percent_of_one_core=" + cpuStormPeak / 10.0);
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    // ------------------------------------------------------------------------------------------------ the streams

    private static void request(StormClient client, SocketChannel channel, String lastId) throws IOException {
        client.channel = channel;
        client.inHead = true;
        String head = "GET /api/events?types=" + TYPE + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                + (lastId == null ? "" : "Last-Event-ID: " + lastId + "\r\n") + "\r\n";
        ByteBuffer out = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    private void loop(Selector selector, ByteBuffer buffer, byte[] bytes, Duration limit,
                      java.util.function.BooleanSupplier done) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            step(selector, buffer, bytes, 50, 0, null);
        }
    }

    private void step(Selector selector, ByteBuffer buffer, byte[] bytes, long timeoutMillis, long cut,
                      PriorityQueue<StormClient> due) throws IOException {
        selector.select(timeoutMillis);
        for (SelectionKey key : selector.selectedKeys()) {
            StormClient client = (StormClient) key.attachment();
            SocketChannel channel = (SocketChannel) key.channel();
            if (!key.isValid()) {
                continue;
            }
            if (key.isConnectable()) {
                try {
                    channel.finishConnect();
                    request(client, channel, client.lastId);
                    key.interestOps(SelectionKey.OP_READ);
                } catch (IOException failed) {
                    key.cancel();
                    channel.close();
                    again(client, due);
                }
                continue;
            }
            int n;
            try {
                buffer.clear();
                n = channel.read(buffer);
            } catch (IOException reset) {
                n = -1;
            }
            if (n < 0) {
                key.cancel();
                channel.close();
                continue;
            }
            buffer.flip();
            buffer.get(bytes, 0, n);
            client.received(bytes, n, cut);
            if (client.status != 0 && client.status != 200 && !client.inHead) {
                key.cancel();
                channel.close();
                client.status = 0;
                client.refused++;
                again(client, due);
            }
        }
        selector.selectedKeys().clear();
    }

    /** A refused or failed reconnect tries again after its retry: (it is still counted as not reconnected). */
    private static void again(StormClient client, PriorityQueue<StormClient> due) {
        if (due != null) {
            client.dueNanos = System.nanoTime() + client.retryMillis * 1_000_000;
            due.add(client);
        }
    }

    // ------------------------------------------------------------------------------------------------ around

    /** Publishes seq 0, 1, 2, ... at the rate; a refused or failed publish is tried again with the same seq. */
    private void publish(int rate) {
        long period = 1_000_000_000L / rate;
        long next = System.nanoTime();
        int seq = 0;
        while (publishing) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/events"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + TYPE + "\",\"data\":{\"seq\":"
                                + seq + "}}")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    seq++;
                    published.set(seq);
                } else {
                    publishFailures.incrementAndGet();
                }
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            } catch (IOException e) {
                publishFailures.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

}
