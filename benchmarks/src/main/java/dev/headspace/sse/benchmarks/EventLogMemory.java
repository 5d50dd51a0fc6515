package dev.headspace.sse.benchmarks;

import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventId;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * What the event log really retains against what it accounts for: fills a log bounded to 8 MiB with eight times that
 * in 4 KiB events and prints the JVM's heap plus direct memory before and after, next to the log's own figure.
 * A measurement, not a test: {@code java -cp benchmarks/target/benchmarks.jar dev.headspace.sse.benchmarks.EventLogMemory}
 */
public final class EventLogMemory {

    private EventLogMemory() {
    }

    public static void main(String[] args) {
        long bound = 8L << 20;
        long t0 = 1_795_587_758_740L;
        InMemoryEventLog log = new InMemoryEventLog(1_000_000, bound, Duration.ofDays(1), () -> t0,
                new EventId(t0, 0));
        String payload = "{\"text\":\"" + "x".repeat(4_096) + "\"}";
        long before = retainedBytes();
        for (int i = 1; i <= 16_384; i++) {
            EventId id = new EventId(t0 + i, 0);
            ByteBuffer frame = ByteBuffer.allocateDirect(4_096);
            log.hold(new EncodedEvent(Events.event(id, "turn_detected", payload), frame));
        }
        long after = retainedBytes();
        System.out.printf("bound %d B; log accounts %d B in %d events; JVM retains %d B more than before (%.2fx)%n",
                bound, log.held().bytes(), log.held().events(), after - before,
                (after - before) / (double) log.held().bytes());
    }

    /** Heap in use after a full collection, plus direct buffer memory. */
    private static long retainedBytes() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return heap + direct;
    }
}
