package dev.headspace.sse.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publish-to-receive latency end to end: publishes over HTTP to one node at a fixed rate, each event carrying its send
 * time, and reads it back on {@code clients} SSE connections to another (or the same) node; prints p50, p99, max and
 * how many receipts were missing. Send and receive times come from this one process's monotonic clock.
 *
 * <p>Usage: {@code PublishToReceive <publish-port> <receive-port> <token> <events-per-second> <seconds> <clients>}
 */
public final class PublishToReceive {

    private PublishToReceive() {
    }

    public static void main(String[] args) throws Exception {
        int publishPort = Integer.parseInt(args[0]);
        int receivePort = Integer.parseInt(args[1]);
        String token = args[2];
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int clients = Integer.parseInt(args[5]);
        int events = rate * seconds;
        String run = Long.toString(System.nanoTime());
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger received = new AtomicInteger();
        CountDownLatch connected = new CountDownLatch(clients);
        List<Socket> sockets = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Socket socket = new Socket("127.0.0.1", receivePort);
            sockets.add(socket);
            Thread reader = new Thread(() -> read(socket, run, latencies, received, connected), "reader-" + c);
            reader.setDaemon(true);
            reader.start();
        }
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not connect");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + publishPort + "/api/events");
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        int refused = 0;
        for (int i = 0; i < events; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            String body = "{\"type\":\"bench\",\"data\":{\"run\":\"" + run + "\",\"sent\":" + System.nanoTime() + "}}";
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 202) {
                refused++;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() < (events - refused) * clients && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("rate=%d/s events=%d clients=%d receipts=%d missing=%d refused=%d p50=%.2fms p99=%.2fms "
                        + "max=%.2fms%n", rate, events, clients, sorted.length,
                (long) (events - refused) * clients - sorted.length, refused, millis(sorted, 0.50),
                millis(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static void read(Socket socket, String run, ConcurrentLinkedQueue<Long> latencies, AtomicInteger received,
                             CountDownLatch connected) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/events?types=bench HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String marker = "\"run\":\"" + run + "\",\"sent\":";
            boolean counted = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!counted && line.startsWith(": connected")) {
                    connected.countDown();
                    counted = true;
                }
                int at = line.indexOf(marker);
                if (line.startsWith("data:") && at >= 0) {
                    long now = System.nanoTime();
                    int from = at + marker.length();
                    int to = from;
                    while (to < line.length() && Character.isDigit(line.charAt(to))) {
                        to++;
                    }
                    latencies.add(now - Long.parseLong(line.substring(from, to)));
                    received.incrementAndGet();
                }
            }
        } catch (IOException | RuntimeException closed) {
            // the run is over, or the connection broke: what arrived is counted
        }
    }

}
