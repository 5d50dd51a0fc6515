package dev.headspace.sse.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a running server while a load tool works on it: {@code /health} timed every 100 ms, on a new connection each
 * time, and the process's RSS and CPU sampled from /proc every 500 ms, within a window the tool opens and closes
 * ({@link #openWindow}). The flood and storm tools share it. Its own daemon threads; the figures may be read from any thread.
 */
final class ServerWatch {

    private final int port;
    private final long pid;
    private final List<Long> healthMillis = new CopyOnWriteArrayList<>();
    /** Each probe as "latency@offset": its time and when it was sent, in ms since the window opened. */
    private final List<long[]> healthTimeline = new CopyOnWriteArrayList<>();
    private volatile long windowOpenedNanos = System.nanoTime();
    private volatile long windowOpenedEpochMillis = System.currentTimeMillis();
    private final AtomicLong healthFailures = new AtomicLong();
    private final AtomicLong peakRssKb = new AtomicLong();
    private final AtomicLong peakCpuPermille = new AtomicLong();
    private volatile boolean recording;
    private volatile boolean running = true;

    ServerWatch(int port, long pid) {
        this.port = port;
        this.pid = pid;
    }

    /** Starts probing and sampling, recording from now. */
    void start() {
        recording = true;
        daemon("sampler", this::sample);
        daemon("health", this::probeHealth);
    }

    /** Forgets what was recorded so far and records from now. */
    void openWindow() {
        healthMillis.clear();
        healthTimeline.clear();
        windowOpenedNanos = System.nanoTime();
        windowOpenedEpochMillis = System.currentTimeMillis();
        healthFailures.set(0);
        peakRssKb.set(0);
        peakCpuPermille.set(0);
        recording = true;
    }

    /** Keeps what was recorded as it stands; probing goes on but counts no more. */
    void closeWindow() {
        recording = false;
    }

    void stop() {
        recording = false;
        running = false;
    }

    /** A failure the tool saw itself, counted with the health probes' failures. */
    void failure() {
        if (recording) {
            healthFailures.incrementAndGet();
        }
    }

    List<Long> healthMillisSorted() {
        List<Long> sorted = new ArrayList<>(healthMillis);
        Collections.sort(sorted);
        return sorted;
    }

    /**
     * The {@code count} slowest probes as "latency_ms@sent_ms", sent counted from the window's opening, and when the
     * window opened (epoch ms), to find them in the server's logs and profiles.
     */
    String slowestProbes(int count) {
        return healthTimeline.stream().sorted((a, b) -> Long.compare(b[0], a[0])).limit(count)
                .map(probe -> probe[0] + "@" + probe[1]).collect(java.util.stream.Collectors.joining(","))
                + " window_opened_epoch_ms=" + windowOpenedEpochMillis;
    }

    long healthFailures() {
        return healthFailures.get();
    }

    long peakRssKb() {
        return peakRssKb.get();
    }

    /** The highest CPU use seen, in permille of one core. */
    long peakCpuPermille() {
        return peakCpuPermille.get();
    }

    long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * A probe as a load balancer sends it: a new connection per request, one request, the answer read to its end. A
     * plain blocking socket on its own thread, so that what is timed is the server, not this tool's HTTP client.
     */
    private void probeHealth() {
        byte[] request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] answer = new byte[8192];
        while (running) {
            long started = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(request);
                InputStream in = socket.getInputStream();
                int length = 0;
                int read;
                while (length < answer.length && (read = in.read(answer, length, answer.length - length)) > 0) {
                    length += read;
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                String status = new String(answer, 0, Math.min(length, 12), StandardCharsets.US_ASCII);
                if (recording) {
                    if (status.startsWith("HTTP/1.1 200")) {
                        healthMillis.add(millis);
                        healthTimeline.add(new long[] {millis, (started - windowOpenedNanos) / 1_000_000});
                    } else {
                        healthFailures.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                failure();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long lastCpu = cpuTicks();
        long lastNanos = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            long cpu = cpuTicks();
            long now = System.nanoTime();
            if (recording) {
                peakRssKb.accumulateAndGet(rssKb(), Math::max);
                // clock ticks are 1/100 s: ticks per elapsed second * 10 is permille of one core
                peakCpuPermille.accumulateAndGet((cpu - lastCpu) * 10_000_000_000L / Math.max(1, now - lastNanos),
                        Math::max);
            }
            lastCpu = cpu;
            lastNanos = now;
        }
    }

    private long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return 0;
        }
    }
}
