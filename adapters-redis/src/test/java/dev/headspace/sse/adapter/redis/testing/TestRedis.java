package dev.headspace.sse.adapter.redis.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Redis for tests, from the first source that works: Testcontainers when a Docker engine answers, else the one
 * {@code REDIS_URL} names, else {@code redis-server} from the PATH on a free port. With none, the test is skipped
 * naming all three, or fails when {@code CI=true}: a skipped Redis test in CI would hide a broken feature. Each start
 * prints which source ran. A Redis this fixture runs keeps its data in an append-only file of its own, so
 * {@link #restart} comes back with it and {@link #restartEmpty} without.
 */
public final class TestRedis implements AutoCloseable {

    /** The image Testcontainers runs; a developer with registry access may use {@code redis:7}. */
    private static final String IMAGE = System.getenv().getOrDefault("HEADSPACE_TEST_REDIS_IMAGE", "redis:7");
    private static final Duration READY = Duration.ofSeconds(20);

    private final String source;
    private final int port;
    private final String externalUri;
    private Path dataDir;
    private Process process;
    private GenericContainer<?> container;
    private RedisClient client;
    private StatefulRedisConnection<String, String> raw;

    private TestRedis(String source, int port, String externalUri) {
        this.source = source;
        this.port = port;
        this.externalUri = externalUri;
    }

    public static TestRedis start() {
        TestRedis redis;
        if (dockerAnswers()) {
            redis = new TestRedis("testcontainers (" + IMAGE + ")", freePort(), null);
        } else if (System.getenv("REDIS_URL") != null && !System.getenv("REDIS_URL").isBlank()) {
            redis = new TestRedis("REDIS_URL", -1, System.getenv("REDIS_URL"));
        } else if (onPath("redis-server").isPresent()) {
            redis = new TestRedis("redis-server from the PATH (" + onPath("redis-server").get() + ")", freePort(),
                    null);
        } else {
            String none = "no Redis for this test: no Docker engine for Testcontainers, no REDIS_URL, and no "
                    + "redis-server on the PATH";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(none + " (CI=true: a Redis test may not be skipped)");
            }
            Assumptions.abort(none);
            throw new IllegalStateException("unreachable");
        }
        redis.up();
        System.out.println("[TestRedis] Redis from " + redis.source + " at " + redis.uri());
        return redis;
    }

    /** Plain commands on this Redis, for a test to look at or tamper with what the log wrote; opened on first use. */
    public synchronized RedisCommands<String, String> commands() {
        if (raw == null) {
            client = RedisClient.create(uri());
            raw = client.connect();
        }
        return raw.sync();
    }

    public String uri() {
        return externalUri != null ? externalUri : "redis://127.0.0.1:" + port;
    }

    public String source() {
        return source;
    }

    /** Whether this fixture runs Redis itself, so that it can stop and start it. */
    public boolean canRestart() {
        return externalUri == null;
    }

    /** Stops Redis, as an outage: connections drop, nothing answers on its port. */
    public void stop() {
        requireOwn();
        if (container != null) {
            container.stop();
            container = null;
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Whether {@link #start} after {@link #stop} brings the data back (a container loses it when stopped). */
    public boolean canKeepData() {
        return canRestart() && !source.startsWith("testcontainers");
    }

    /** Starts Redis again on the same port with the data it had, where {@link #canKeepData}. */
    public void startAgain() {
        requireOwn();
        up();
    }

    /** Stops Redis and starts it again on the same port, empty: as if it had lost its data. */
    public void restartEmpty() {
        requireOwn();
        stop();
        dataDir = null;
        up();
    }

    private void up() {
        if (externalUri != null) {
            return;
        }
        if (dataDir == null) {
            try {
                dataDir = Files.createTempDirectory("redis-" + port);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--dir", dataDir.toString());
        if (source.startsWith("testcontainers")) {
            List<String> inContainer = new java.util.ArrayList<>(command.subList(0, command.size() - 1));
            // the container's own /tmp: a container stopped is gone, so its data goes with it (canKeepData)
            inContainer.add("/tmp");
            container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withNetworkMode("host")
                    .withCommand(inContainer.toArray(String[]::new))
                    .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1).withStartupTimeout(READY));
            container.start();
        } else {
            try {
                Path log = dataDir.resolve("redis.log");
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start redis-server: " + e, e);
            }
        }
        long deadline = System.nanoTime() + READY.toNanos();
        while (!answersPing()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis on port " + port + " did not answer PING within " + READY);
            }
            Thread.onSpinWait();
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, 7);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    private void requireOwn() {
        if (!canRestart()) {
            throw new IllegalStateException("the Redis of REDIS_URL is not this fixture's to stop");
        }
    }

    @Override
    public synchronized void close() {
        if (raw != null) {
            raw.close();
            client.shutdown();
        }
        if (canRestart()) {
            stop();
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
