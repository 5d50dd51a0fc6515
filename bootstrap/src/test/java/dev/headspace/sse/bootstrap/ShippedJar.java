package dev.headspace.sse.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.headspace.sse.adapter.http.testing.PublishClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shipped jar ({@code headspace.jar}, set by failsafe) run as child processes with only the {@code HEADSPACE_*}
 * settings a test names; closing kills what is still running.
 */
final class ShippedJar implements AutoCloseable {

    private static final Duration SERVING = Duration.ofSeconds(30);
    private final List<Process> processes = new ArrayList<>();
    private final Map<Integer, Process> serving = new HashMap<>();

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the jar with these settings, its output to {@code log}; does not wait for it. */
    Process start(Map<String, String> environment, Path log) throws IOException {
        String jar = System.getProperty("headspace.jar");
        assertThat(jar).as("system property headspace.jar (set by failsafe)").isNotNull();
        assertThat(Path.of(jar)).exists();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("HEADSPACE_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Starts the jar on a free port with these settings and waits until {@code /health} answers 200. */
    int serve(Map<String, String> environment) throws IOException {
        int port = freePort();
        Map<String, String> settings = new HashMap<>(environment);
        settings.put("HEADSPACE_HTTP_PORT", Integer.toString(port));
        serving.put(port, start(settings, Files.createTempFile("headspace-" + port, ".log")));
        await().atMost(SERVING).ignoreExceptions()
                .until(() -> PublishClient.get(port, "/health").status() == 200);
        return port;
    }

    /** The process {@link #serve} started on {@code port}, e.g. to kill it mid-stream. */
    Process servingOn(int port) {
        return serving.get(port);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
