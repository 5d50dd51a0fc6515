package dev.headspace.sse.adapter.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.redis.RedisEventLog.Position;
import dev.headspace.sse.application.port.in.ApplyLoggedEventsUseCase;
import dev.headspace.sse.application.port.in.LoggedEvents.Continuity;
import dev.headspace.sse.application.port.in.LoggedEvents;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.StateTransition;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's reader of the stream, on its own thread and connection: {@code XREAD BLOCK} from the last entry it
 * applied, and every entry, in stream order, to the node. It watches the global sequence (a jump means entries were
 * trimmed before it read them) and the epoch (a new one means Redis lost its data), and says so with the batch. When
 * Redis cannot be reached it backs off with jitter and, once back, checks the epoch and reads on from where it was.
 *
 * <p>Threads: {@link #start} and {@link #stop} are called by the thread that starts and stops the node; everything
 * else runs on the reader's own thread.
 */
final class RedisLogReader {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLogReader.class);
    static final Duration BLOCK = Duration.ofSeconds(1);
    private static final int COUNT = 1_000;

    private final RedisClient client;
    private final String key;
    private final String meta;
    private final ApplyLoggedEventsUseCase node;
    private final FollowStatus status;
    private final ObjectMapper mapper;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile StatefulRedisConnection<String, String> connection;
    private String epoch;
    private String lastId;
    private long lastSequence;

    RedisLogReader(RedisClient client, String key, String meta, Position start, ApplyLoggedEventsUseCase node,
                   FollowStatus status, ObjectMapper mapper) {
        this.client = client;
        this.key = key;
        this.meta = meta;
        this.node = node;
        this.status = status;
        this.mapper = mapper;
        this.epoch = start.epoch();
        this.lastId = start.last().toString();
        this.lastSequence = start.sequence();
        this.thread = new Thread(this::run, "redis-log-reader");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.closeAsync();
        }
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoffMillis = 100;
        boolean checkEpoch = false;
        while (running) {
            try {
                RedisCommands<String, String> redis = commands();
                if (checkEpoch) {
                    checkEpoch(redis);
                    checkEpoch = false;
                }
                List<StreamMessage<String, String>> read = redis.xread(
                        XReadArgs.Builder.block(BLOCK.toMillis()).count(COUNT),
                        XReadArgs.StreamOffset.from(key, lastId));
                status.readerAlive();
                if (read != null && !read.isEmpty()) {
                    handle(read, redis);
                }
                String top = redis.hget(meta, "seq");
                status.top(top == null ? 0 : Long.parseLong(top));
                if (read == null || read.size() < COUNT) {
                    status.readerCaughtUp();
                }
                backoffMillis = 100;
            } catch (RedisException | IllegalStateException e) {
                if (!running) {
                    return;
                }
                status.readerFailed("Redis unreachable: " + e.getMessage());
                LOG.warn("reading the event log failed, retrying in up to {} ms: {}", backoffMillis, e.getMessage());
                checkEpoch = true;
                closeConnection();
                // full jitter, so that nodes cut off together do not all come back in the same instant
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
                        ThreadLocalRandom.current().nextLong(backoffMillis / 2, backoffMillis + 1)));
                backoffMillis = Math.min(2_000, backoffMillis * 2);
            } catch (RuntimeException e) {
                // a fault of ours must not end the reader: the node would silently stop following the stream
                LOG.error("applying the event log failed; reading on", e);
                status.readerFailed("applying an entry failed: " + e);
            }
        }
    }

    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> open = connection;
        if (open == null || !open.isOpen()) {
            open = client.connect();
            // a blocking read must not time out before its block ends
            open.setTimeout(BLOCK.plus(RedisEventLog.COMMAND_TIMEOUT));
            connection = open;
        }
        return open.sync();
    }

    private void closeConnection() {
        StatefulRedisConnection<String, String> open = connection;
        connection = null;
        if (open != null) {
            open.closeAsync();
        }
    }

    /** After a reconnect: a new epoch means Redis lost the stream, and every id before it means nothing now. */
    private void checkEpoch(RedisCommands<String, String> redis) {
        Position now = RedisEventLog.position(redis, meta);
        if (!now.epoch().equals(epoch)) {
            newEpoch(now.epoch(), List.of());
        }
    }

    private void newEpoch(String next, List<LoggedEvents.Entry> entries) {
        LOG.warn("the event log has a new epoch ({} after {}): Redis lost its data; every client resyncs", next, epoch);
        epoch = next;
        lastId = RedisEventLog.ORIGIN.toString();
        lastSequence = 0;
        node.apply(new LoggedEvents(Continuity.NEW_EPOCH, RedisEventLog.ORIGIN, entries));
    }

    private void handle(List<StreamMessage<String, String>> read, RedisCommands<String, String> redis) {
        List<LoggedEvents.Entry> batch = new ArrayList<>();
        for (StreamMessage<String, String> message : read) {
            lastId = message.getId();
            StreamEntry entry = StreamEntry.read(message);
            if (entry == null) {
                status.foreignEntrySkipped();
                LOG.warn("skipped stream entry {}: not an event of this log", message.getId());
                continue;
            }
            if (!entry.epoch().equals(epoch)) {
                if (!entry.epoch().equals(RedisEventLog.position(redis, meta).epoch())) {
                    status.foreignEntrySkipped();
                    continue;
                }
                flush(batch);
                // Redis lost its data without this reader's connection dropping; the new epoch is read from its start
                newEpoch(entry.epoch(), List.of());
                return;
            }
            if (entry.sequence() <= lastSequence) {
                continue;
            }
            if (entry.sequence() > lastSequence + 1) {
                flush(batch);
                long missed = entry.sequence() - lastSequence - 1;
                LOG.warn("{} entries of the event log were trimmed before this node read them; clients resync",
                        missed);
                lastSequence = entry.sequence();
                node.apply(new LoggedEvents(Continuity.GAP, justBefore(entry.id()), List.of(toEntry(entry))));
                status.applied(entry.id(), entry.sequence());
                continue;
            }
            lastSequence = entry.sequence();
            batch.add(toEntry(entry));
            status.applied(entry.id(), entry.sequence());
        }
        flush(batch);
    }

    private void flush(List<LoggedEvents.Entry> batch) {
        if (!batch.isEmpty()) {
            node.apply(LoggedEvents.continuing(batch));
            batch.clear();
        }
    }

    private LoggedEvents.Entry toEntry(StreamEntry entry) {
        return toEntry(entry, mapper);
    }

    /** An entry as the node applies it, with a transition's fields read from its payload. */
    static LoggedEvents.Entry toEntry(StreamEntry entry, ObjectMapper mapper) {
        Map<String, Object> data = null;
        if (StateTransition.isTransition(entry.event().type())) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> parsed = mapper.readValue(entry.event().payloadJson(), Map.class);
                data = parsed;
            } catch (JsonProcessingException e) {
                LOG.warn("entry {} states a transition the agents view cannot read: {}", entry.id(),
                        e.getOriginalMessage());
            }
        }
        return new LoggedEvents.Entry(entry.id(), entry.event(), data);
    }

    /** The id just below {@code id}: the window starts after it, so {@code id} is the first it holds. */
    private static EventId justBefore(EventId id) {
        return id.sequence() > 0 ? new EventId(id.millis(), id.sequence() - 1)
                : new EventId(id.millis() - 1, Long.MAX_VALUE);
    }
}
