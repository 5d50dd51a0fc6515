package dev.headspace.sse.adapter.redis;

import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.Replay;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.EventEncoder;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a client resuming from the shared log missed: every later entry of the log's epoch that matches its filter, in
 * order, or why that cannot be given. Whether an id is too old is decided by the sequence, not by what the
 * approximate trim happens to have kept. Any thread (Lettuce's connection is thread-safe).
 */
final class RedisResume {

    private static final int PAGE = 500;

    private final RedisCommands<String, String> redis;
    private final String streamKey;
    private final String meta;
    private final long maxLen;
    private final EventEncoder encoder;

    RedisResume(RedisCommands<String, String> redis, String streamKey, String meta, long maxLen,
                EventEncoder encoder) {
        this.redis = redis;
        this.streamKey = streamKey;
        this.meta = meta;
        this.maxLen = maxLen;
        this.encoder = encoder;
    }

    Replay after(EventId lastSeen, EventFilter filter, int maxEvents) {
        RedisEventLog.Position now = RedisEventLog.position(redis, meta);
        if (now.sequence() == 0) {
            return lastSeen.equals(RedisEventLog.ORIGIN) ? new Replay.Events(List.of())
                    : gap(ResyncReason.UNKNOWN_ID, now);
        }
        if (lastSeen.isAfter(now.last())) {
            return gap(ResyncReason.UNKNOWN_ID, now);
        }
        long seenSequence = 0;
        if (!lastSeen.equals(RedisEventLog.ORIGIN)) {
            String first = redis.hget(meta, "first");
            if (first == null || lastSeen.compareTo(EventId.parse(first)) < 0) {
                return gap(ResyncReason.UNKNOWN_ID, now);
            }
            List<StreamMessage<String, String>> exact = redis.xrange(streamKey,
                    Range.create(lastSeen.toString(), lastSeen.toString()));
            if (exact.isEmpty()) {
                Optional<EventId> oldest = oldestEntry();
                boolean trimmed = oldest.isEmpty() || lastSeen.compareTo(oldest.get()) < 0;
                return gap(trimmed ? ResyncReason.TOO_OLD : ResyncReason.UNKNOWN_ID, now);
            }
            StreamEntry entry = StreamEntry.read(exact.get(0));
            if (entry == null || !entry.epoch().equals(now.epoch())) {
                return gap(ResyncReason.UNKNOWN_ID, now);
            }
            seenSequence = entry.sequence();
        }
        // decided by the sequence, not by what the approximate trim happens to have kept
        if (seenSequence < now.sequence() - maxLen) {
            return gap(ResyncReason.TOO_OLD, now);
        }
        List<EncodedEvent> missed = new ArrayList<>();
        String after = lastSeen.toString();
        while (true) {
            List<StreamMessage<String, String>> page = redis.xrange(streamKey,
                    Range.from(Range.Boundary.excluding(after), Range.Boundary.including(now.last().toString())),
                    Limit.create(0, PAGE));
            for (StreamMessage<String, String> message : page) {
                StreamEntry entry = StreamEntry.read(message);
                if (entry == null || !entry.epoch().equals(now.epoch())) {
                    continue;
                }
                if (filter.matches(entry.toEvent())) {
                    if (missed.size() == maxEvents) {
                        return gap(ResyncReason.REPLAY_TOO_LONG, now);
                    }
                    missed.add(encoder.encode(entry.toEvent()));
                }
            }
            if (page.size() < PAGE) {
                return new Replay.Events(missed);
            }
            after = page.get(page.size() - 1).getId();
        }
    }

    private Replay.Gap gap(ResyncReason reason, RedisEventLog.Position now) {
        return new Replay.Gap(reason, oldestHeld(now).orElse(null));
    }

    /** The oldest of the newest max-len entries of this epoch: the oldest a client may still resume after. */
    Optional<EventId> oldestHeld(RedisEventLog.Position now) {
        if (now.sequence() == 0) {
            return Optional.empty();
        }
        long wanted = Math.max(1, now.sequence() - maxLen + 1);
        String after = "-";
        while (true) {
            List<StreamMessage<String, String>> page = redis.xrange(streamKey,
                    after.equals("-") ? Range.create("-", "+")
                            : Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded()),
                    Limit.create(0, PAGE));
            for (StreamMessage<String, String> message : page) {
                StreamEntry entry = StreamEntry.read(message);
                if (entry != null && entry.epoch().equals(now.epoch()) && entry.sequence() >= wanted) {
                    return Optional.of(entry.id());
                }
            }
            if (page.size() < PAGE) {
                return Optional.empty();
            }
            after = page.get(page.size() - 1).getId();
        }
    }

    private Optional<EventId> oldestEntry() {
        List<StreamMessage<String, String>> first = redis.xrange(streamKey, Range.create("-", "+"),
                Limit.create(0, 1));
        return first.isEmpty() ? Optional.empty() : Optional.of(EventId.parse(first.get(0).getId()));
    }
}
