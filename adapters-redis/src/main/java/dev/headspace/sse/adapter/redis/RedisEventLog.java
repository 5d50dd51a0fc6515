package dev.headspace.sse.adapter.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.application.port.in.ApplyLoggedEventsUseCase;
import dev.headspace.sse.application.port.in.LoggedEvents;
import dev.headspace.sse.config.RedisSettings;
import dev.headspace.sse.domain.BackendStatus;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.IdempotencyKey;
import dev.headspace.sse.domain.NewEvent;
import dev.headspace.sse.domain.QueueDepth;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.StateTransition;
import dev.headspace.sse.domain.port.EventEncoder;
import dev.headspace.sse.domain.port.EventLogUnavailableException;
import dev.headspace.sse.domain.port.LogBackend;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LogBackend} on one Redis Stream, shared by every node: one Lua script appends a batch atomically with
 * consecutive ids, a global sequence number and the log's epoch in each entry; a client's resume is read back with
 * XRANGE; and {@link #startReading} runs this node's reader, which hands every entry in stream order to the node.
 *
 * <p>Threads: {@link #append} and {@link #replayAfter} are called by any request thread (Lettuce's connection is
 * thread-safe and pipelines them); the reader has its own connection and thread; {@link #close} is called once, by the
 * thread that stops the node.
 */
public final class RedisEventLog implements LogBackend, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventLog.class);
    static final EventId ORIGIN = new EventId(0, 0);
    private static final int HISTORY_PAGE = 1_000;
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** How long an idempotency record of a batch is kept: far longer than any retry of a lost reply. */
    private static final long IDEMPOTENCY_SECONDS = 300;

    /**
     * KEYS: stream, meta hash, idempotency record. ARGV: max-len, proposed epoch, idempotency seconds, then five
     * values per event (type, project, agent, timestamp, data). A batch appended before under the same idempotency
     * key returns the ids it got then; nothing is appended twice.
     */
    private static final String APPEND = """
            local done = redis.call('GET', KEYS[3])
            if done then return cjson.decode(done) end
            redis.call('HSETNX', KEYS[2], 'epoch', ARGV[2])
            local epoch = redis.call('HGET', KEYS[2], 'epoch')
            local ids = {}
            for i = 4, #ARGV, 5 do
              local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
              local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'seq', seq, 'epoch', epoch,
                'type', ARGV[i], 'project', ARGV[i + 1], 'agent', ARGV[i + 2], 'ts', ARGV[i + 3], 'data', ARGV[i + 4])
              if seq == 1 then redis.call('HSET', KEYS[2], 'first', id) end
              ids[#ids + 1] = id
            end
            redis.call('HSET', KEYS[2], 'last', ids[#ids])
            redis.call('SET', KEYS[3], cjson.encode(ids), 'EX', ARGV[3])
            return ids
            """;

    private final RedisSettings settings;
    private final EventEncoder encoder;
    private final ObjectMapper mapper;
    private final RedisConnections connections;
    private final RedisCommands<String, String> redis;
    private final RedisResume resume;
    private final String meta;
    private final FollowStatus status;
    private final Position start;
    private RedisLogReader reader;

    /** Where the log stands: its epoch, its newest entry's id ({@link #ORIGIN} when empty) and sequence. */
    record Position(String epoch, EventId last, long sequence) {
    }

    private RedisEventLog(RedisSettings settings, EventEncoder encoder, ObjectMapper mapper, Clock clock) {
        this.settings = settings;
        this.encoder = encoder;
        this.mapper = mapper;
        this.meta = settings.streamKey() + ":meta";
        this.status = new FollowStatus(clock, RedisLogReader.BLOCK.multipliedBy(3).plus(COMMAND_TIMEOUT));
        RedisConnections opened = null;
        try {
            opened = new RedisConnections(settings.uri(), COMMAND_TIMEOUT);
            this.connections = opened;
            this.redis = opened.publishing().sync();
            status.connectedWhen(opened::publishingUp);
            this.start = position(redis);
            this.resume = new RedisResume(redis, settings.streamKey(), meta, settings.maxLen(), encoder);
        } catch (RedisException e) {
            if (opened != null) {
                opened.close();
            }
            throw new IllegalStateException("cannot reach Redis at " + masked() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to Redis and reads where the log stands, which is where this node's reader will start.
     *
     * @throws IllegalStateException when Redis cannot be reached
     */
    public static RedisEventLog connect(RedisSettings settings, EventEncoder encoder, ObjectMapper mapper,
                                        Clock clock) {
        return new RedisEventLog(settings, encoder, mapper, clock);
    }

    /**
     * The transitions of this epoch the stream still holds, up to where the reader will start, oldest first: what a
     * node starting now puts in its agents view before it applies what follows.
     */
    public List<LoggedEvents.Entry> transitionHistory() {
        List<LoggedEvents.Entry> history = new ArrayList<>();
        if (start.sequence() == 0) {
            return history;
        }
        String after = null;
        while (true) {
            List<StreamMessage<String, String>> page = redis.xrange(settings.streamKey(),
                    after == null ? Range.create("-", start.last().toString())
                            : Range.from(Range.Boundary.excluding(after),
                                    Range.Boundary.including(start.last().toString())),
                    Limit.create(0, HISTORY_PAGE));
            for (StreamMessage<String, String> message : page) {
                StreamEntry entry = StreamEntry.read(message);
                if (entry != null && entry.epoch().equals(start.epoch())
                        && StateTransition.isTransition(entry.event().type())) {
                    history.add(RedisLogReader.toEntry(entry, mapper));
                }
            }
            if (page.size() < HISTORY_PAGE) {
                return history;
            }
            after = page.get(page.size() - 1).getId();
        }
    }

    /** Starts this node's reader after {@link #resumePoint()} as it was at connect time; entries go to {@code node}. */
    public synchronized void startReading(ApplyLoggedEventsUseCase node) {
        if (reader != null) {
            throw new IllegalStateException("the reader is already running");
        }
        reader = new RedisLogReader(connections.client(), settings.streamKey(), meta, start, node, status, mapper);
        reader.start();
    }

    /** Appends under a random key of its own, so only the retry of a lost reply below can meet it again. */
    @Override
    public List<EventId> append(List<NewEvent> batch) {
        return append(batch, new IdempotencyKey(UUID.randomUUID().toString()));
    }

    @Override
    public List<EventId> append(List<NewEvent> batch, IdempotencyKey key) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(3 + 5 * batch.size());
        args.add(Integer.toString(settings.maxLen()));
        args.add(UUID.randomUUID().toString());
        args.add(Long.toString(IDEMPOTENCY_SECONDS));
        for (NewEvent event : batch) {
            args.addAll(StreamEntry.fields(event));
        }
        String[] keys = {settings.streamKey(), meta, settings.streamKey() + ":idem:" + key.value()};
        String[] values = args.toArray(String[]::new);
        List<Object> ids;
        try {
            ids = appendScript(keys, values);
        } catch (RedisCommandTimeoutException lostReply) {
            // the reply may be lost after the append happened: the same idempotency key returns its ids, once
            try {
                ids = appendScript(keys, values);
            } catch (RedisException e) {
                throw unavailable("append", e);
            }
        } catch (RedisException e) {
            throw unavailable("append", e);
        }
        status.commandSucceeded();
        return ids.stream().map(id -> EventId.parse(String.valueOf(id))).toList();
    }

    private List<Object> appendScript(String[] keys, String[] values) {
        return redis.eval(APPEND, ScriptOutputType.MULTI, keys, values);
    }

    @Override
    public Replay replayAfter(EventId lastSeen, EventFilter filter, int maxEvents) {
        try {
            Replay replay = resume.after(lastSeen, filter, maxEvents);
            status.commandSucceeded();
            return replay;
        } catch (RedisException e) {
            throw unavailable("read", e);
        }
    }

    /**
     * The log's newest entry. Read when the core is assembled, it is where the node's window starts; the reader starts
     * where the log stood at connect time, at or before it, and the node skips what its window starts after.
     */
    @Override
    public EventId resumePoint() {
        try {
            return position(redis).last();
        } catch (RedisException e) {
            throw unavailable("read", e);
        }
    }

    @Override
    public Optional<EventId> oldestHeld() {
        try {
            return resume.oldestHeld(position(redis));
        } catch (RedisException e) {
            throw unavailable("read", e);
        }
    }

    @Override
    public QueueDepth held() {
        try {
            long sequence = position(redis).sequence();
            return new QueueDepth((int) Math.min(sequence, settings.maxLen()), 0);
        } catch (RedisException e) {
            throw unavailable("read", e);
        }
    }

    @Override
    public BackendStatus status() {
        return status.status();
    }

    /** Entries of the stream that were not ours, which the reader skipped. */
    public long foreignEntriesSkipped() {
        return status.foreignSkipped();
    }

    /** Reads the epoch (making one if Redis holds none: it is new, or lost its data), the newest id and sequence. */
    static Position position(RedisCommands<String, String> redis, String meta) {
        List<KeyValue<String, String>> values = redis.hmget(meta, "epoch", "last", "seq");
        String epoch = values.get(0).getValueOrElse(null);
        if (epoch == null) {
            redis.hsetnx(meta, "epoch", UUID.randomUUID().toString());
            return position(redis, meta);
        }
        String last = values.get(1).getValueOrElse(null);
        String sequence = values.get(2).getValueOrElse("0");
        return new Position(epoch, last == null ? ORIGIN : EventId.parse(last), Long.parseLong(sequence));
    }

    private Position position(RedisCommands<String, String> commands) {
        return position(commands, meta);
    }

    private EventLogUnavailableException unavailable(String what, RedisException e) {
        String reason = "Redis " + what + " failed: " + e.getMessage();
        status.commandFailed(reason);
        return new EventLogUnavailableException(reason, e);
    }

    private String masked() {
        return settings.uri().replaceFirst("^(rediss?://)([^@/]*:)?[^@/]+@", "$1$2<set>@");
    }

    /** Stops the reader, then closes the connections. */
    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.stop();
        }
        connections.close();
    }
}
