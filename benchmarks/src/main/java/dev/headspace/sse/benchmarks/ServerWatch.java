package dev.headspace.sse.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a running server while a load tool works on it: {@code /health} timed every 100 ms, and the process's RSS
 * and CPU sampled from /proc every 500 ms, within a window the tool opens and closes ({@link #openWindow}). The flood
 * and storm tools share it. Its own daemon threads; the figures may be read from any thread.
 */
final class ServerWatch {

    private final int port;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Long> healthMillis = new CopyOnWriteArrayList<>();
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

    private void probeHealth() {
        while (running) {
            long started = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (recording) {
                    if (response.statusCode() == 200) {
                        healthMillis.add((System.nanoTime() - started) / 1_000_000);
                    } else {
                        healthFailures.incrementAndGet();
                    }
                }
                Thread.sleep(100);
            } catch (IOException e) {
                failure();
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
