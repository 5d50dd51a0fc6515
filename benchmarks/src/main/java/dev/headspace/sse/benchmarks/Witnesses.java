package dev.headspace.sse.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the floods must not disturb: a few streams open throughout, and a publisher sending a witness event every
 * 100 ms; at the end each stream must have received every published event, in order. Each stream and the publisher
 * run on their own daemon thread; {@link #report} runs on the tool's thread once {@link #stop} has been called.
 */
final class Witnesses {

    private static final Pattern ID = Pattern.compile("^id: (\\S+)$", Pattern.MULTILINE);
    private static final String TYPE = "flood.witness";

    private final int port;
    private final String token;
    private final ServerWatch watch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final List<List<String>> witnessed = new ArrayList<>();
    private final List<Socket> streams = new ArrayList<>();
    private volatile boolean running = true;

    /** @param watch counts a failed publish with the health probes' failures */
    Witnesses(int port, String token, ServerWatch watch) {
        this.port = port;
        this.token = token;
        this.watch = watch;
    }

    /** Opens {@code count} streams from {@code from} and starts publishing. */
    void start(int count, InetAddress from) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket socket = stream(port, from);
            if (socket == null) {
                throw new IOException("witness stream " + i + " was refused");
            }
            List<String> ids = new CopyOnWriteArrayList<>();
            streams.add(socket);
            witnessed.add(ids);
            ServerWatch.daemon("witness-" + i, () -> read(socket, ids));
        }
        ServerWatch.daemon("publisher", this::publish);
    }

    int count() {
        return streams.size();
    }

    void stop() {
        running = false;
    }

    /** Waits up to 5 s for the last events to arrive, then returns one line per stream and closes them. */
    List<String> report() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && witnessed.stream().anyMatch(w -> w.size() < published.size())) {
            Thread.sleep(50);
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < witnessed.size(); i++) {
            List<String> got = witnessed.get(i);
            lines.add("witness_" + i + " published=" + published.size() + " received=" + got.size()
                    + " identical_in_order=" + got.equals(published));
        }
        for (Socket socket : streams) {
            socket.close();
        }
        return lines;
    }

    /** A stream of every event, read from the first bytes on; null if it was refused. */
    static Socket stream(int port, InetAddress from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        byte[] head = new byte[12];
        socket.getInputStream().readNBytes(head, 0, 12);
        if (!new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
            socket.close();
            return null;
        }
        return socket;
    }

    /** Collects the ids of a stream's witness events (an id line followed by the witness type's event line). */
    private static void read(Socket socket, List<String> ids) {
        try {
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            String lastId = null;
            for (int b; (b = in.read()) >= 0; ) {
                if (b == '\n') {
                    Matcher id = ID.matcher(line);
                    if (id.find()) {
                        lastId = id.group(1);
                    } else if (line.toString().equals("event: " + TYPE) && lastId != null) {
                        ids.add(lastId);
                    }
                    line.setLength(0);
                } else if (b != '\r') {
                    line.append((char) b);
                }
            }
        } catch (IOException closed) {
            // the run is over
        }
    }

    private void publish() {
        long seq = 0;
        Pattern idInAnswer = Pattern.compile("\"id\":\"([0-9]+-[0-9]+)\"");
        while (running) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/events"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + TYPE + "\",\"data\":{\"seq\":"
                                + seq++ + "}}")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher id = idInAnswer.matcher(response.body());
                if (response.statusCode() == 202 && id.find()) {
                    published.add(id.group(1));
                }
                Thread.sleep(100);
            } catch (IOException e) {
                watch.failure();
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
