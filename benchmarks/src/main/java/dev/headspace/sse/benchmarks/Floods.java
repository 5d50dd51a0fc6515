package dev.headspace.sse.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hostile-client floods of issue 10 against a running server (the shipped jar, see {@code flood.sh}): sockets
 * that never send a request, slowloris requests, and subscribe attempts past the connection limit. Throughout, a few
 * witness streams must receive every published event, {@code /health} is timed every 100 ms, and the server's RSS and
 * CPU are sampled from /proc. JDK only; thousands of sockets on one selector thread. Source addresses cycle through
 * 127.0.0.0/8 so that the per-address cap is exercised both ways.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.headspace.sse.benchmarks.Floods PORT SERVER_PID PUBLISH_TOKEN [silent=5000] [slowloris=500] [attempts=10000] [maxStreams=100]</pre>
 */
public final class Floods {

    private final int port;
    private final long pid;
    private final String token;
    private final ServerWatch watch;

    private Floods(int port, long pid, String token) {
        this.port = port;
        this.pid = pid;
        this.token = token;
        this.watch = new ServerWatch(port, pid);
    }

    public static void main(String[] args) throws Exception {
        int silent = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        int slowloris = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        int attempts = args.length > 5 ? Integer.parseInt(args[5]) : 10_000;
        int maxStreams = args.length > 6 ? Integer.parseInt(args[6]) : 100;
        new Floods(Integer.parseInt(args[0]), Long.parseLong(args[1]), args[2]).run(silent, slowloris, attempts,
                maxStreams);
    }

    private static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private void run(int silent, int slowloris, int attempts, int maxStreams) throws Exception {
        long rssBefore = watch.rssKb();
        out("rss_before_kb=" + rssBefore);
        watch.start();
        Witnesses witnesses = new Witnesses(port, token, watch);
        witnesses.start(3, InetAddress.getByName("127.0.0.3"));

        silentSockets(silent, 100, "silent_spread");
        silentSockets(silent, 1, "silent_one_address");
        slowloris(slowloris, 10);
        subscribeLoop(attempts, maxStreams - witnesses.count());

        witnesses.stop();
        watch.stop();
        witnesses.report().forEach(Floods::out);
        List<Long> sorted = watch.healthMillisSorted();
        out("health probes=" + sorted.size() + " failures=" + watch.healthFailures()
                + " p50_ms=" + ServerWatch.percentile(sorted, 50) + " p99_ms=" + ServerWatch.percentile(sorted, 99)
                + " max_ms=" + (sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1))
                + " slowest_ms_at_ms=" + watch.slowestProbes(3));
        out("rss_peak_kb=" + watch.peakRssKb() + " rss_after_kb=" + watch.rssKb() + " cpu_peak_percent_of_one_core="
                + watch.peakCpuPermille() / 10.0);
    }

    // ------------------------------------------------------------------------------------------------ floods

    /** Opens sockets that never speak, spread over {@code addresses} source addresses; waits for the server to drop them. */
    private void silentSockets(int count, int addresses, String label) throws IOException {
        try (Selector selector = Selector.open()) {
            long started = System.nanoTime();
            int opened = 0;
            for (int i = 0; i < count; i++) {
                SocketChannel channel = connect(InetAddress.getByName("127.0.1." + (1 + i % addresses)));
                if (channel != null) {
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, new long[] {0});
                    opened++;
                }
            }
            long openedMillis = (System.nanoTime() - started) / 1_000_000;
            Drained drained = drain(selector, opened, Duration.ofSeconds(60), null);
            out(label + " sockets=" + count + " addresses=" + addresses + " connected=" + opened
                    + " open_ms=" + openedMillis + " refused_503=" + drained.answered503
                    + " closed_silently=" + drained.closedSilently + " still_open=" + drained.stillOpen
                    + " last_closed_ms=" + drained.lastClosedMillis);
        }
    }

    /** Sends a partial request head and a header line a second; waits for the server to cut them. */
    private void slowloris(int count, int addresses) throws IOException {
        try (Selector selector = Selector.open()) {
            long started = System.nanoTime();
            List<SocketChannel> channels = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SocketChannel channel = connect(InetAddress.getByName("127.0.2." + (1 + i % addresses)));
                if (channel != null) {
                    channel.write(ByteBuffer.wrap("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)));
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, new long[] {0});
                    channels.add(channel);
                }
            }
            Drained drained = drain(selector, channels.size(), Duration.ofSeconds(60), () -> {
                for (SocketChannel channel : channels) {
                    if (channel.isOpen()) {
                        try {
                            channel.write(ByteBuffer.wrap("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII)));
                        } catch (IOException closed) {
                            // cut by the server
                        }
                    }
                }
            });
            out("slowloris requests=" + count + " addresses=" + addresses + " connected=" + channels.size()
                    + " answered_503=" + drained.answered503 + " cut_without_answer=" + drained.closedSilently
                    + " still_open=" + drained.stillOpen + " last_cut_ms=" + drained.lastClosedMillis
                    + " (from the first connect " + (System.nanoTime() - started) / 1_000_000 + " ms ago)");
        }
    }

    /** Fills the stream limit, then tries to subscribe {@code attempts} times in a loop. */
    private void subscribeLoop(int attempts, int toFill) throws Exception {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < toFill; i++) {
            Socket socket = Witnesses.stream(port, InetAddress.getByName("127.0.3." + (1 + i % 10)));
            if (socket != null) {
                held.add(socket);
            }
        }
        long started = System.nanoTime();
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < attempts; i++) {
            String status;
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.4." + (1 + i % 50)), 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] head = new byte[12];
                int n = socket.getInputStream().readNBytes(head, 0, 12);
                status = n == 12 ? new String(head, 9, 3, StandardCharsets.US_ASCII) : "closed";
            } catch (IOException e) {
                status = e.getClass().getSimpleName();
            }
            statuses.merge(status, 1, Integer::sum);
        }
        out("subscribe_loop held_streams=" + held.size() + " attempts=" + attempts + " statuses=" + statuses
                + " elapsed_ms=" + (System.nanoTime() - started) / 1_000_000);
        for (Socket socket : held) {
            socket.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ parts

    private record Drained(int answered503, int closedSilently, int stillOpen, long lastClosedMillis) {
    }

    /** Reads every channel until the server closes it or the deadline passes; {@code tick} runs once a second. */
    private Drained drain(Selector selector, int open, Duration limit, Runnable tick) throws IOException {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        long nextTick = started + 1_000_000_000L;
        int answered = 0;
        int silent = 0;
        long lastClosed = -1;
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (open > 0 && System.nanoTime() < deadline) {
            selector.select(200);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                long[] received = (long[]) key.attachment();
                int n;
                try {
                    buffer.clear();
                    n = channel.read(buffer);
                    if (n > 0 && received[0] == 0) {
                        received[0] = buffer.get(9) == '5' && buffer.get(10) == '0' && buffer.get(11) == '3' ? 503 : 1;
                    }
                } catch (IOException reset) {
                    n = -1;
                }
                if (n < 0) {
                    key.cancel();
                    channel.close();
                    open--;
                    if (received[0] == 503) {
                        answered++;
                    } else {
                        silent++;
                    }
                    lastClosed = (System.nanoTime() - started) / 1_000_000;
                }
            }
            selector.selectedKeys().clear();
            if (tick != null && System.nanoTime() >= nextTick) {
                tick.run();
                nextTick += 1_000_000_000L;
            }
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        return new Drained(answered, silent, open, lastClosed);
    }

    private SocketChannel connect(InetAddress from) {
        try {
            SocketChannel channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(from, 0));
            channel.socket().connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return channel;
        } catch (IOException e) {
            return null;
        }
    }
}
