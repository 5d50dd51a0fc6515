package dev.headspace.sse.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.redis.testing.TestRedis;
import dev.headspace.sse.application.testing.EventLogContract;
import dev.headspace.sse.application.testing.TestEncoder;
import dev.headspace.sse.config.RedisSettings;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.ResyncReason;
import dev.headspace.sse.domain.port.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event log's contract on a real Redis, plus what only a shared log has: foreign ids and entries, epochs. */
class RedisEventLogIT extends EventLogContract {

    private static TestRedis redis;
    private final List<RedisEventLog> logs = new ArrayList<>();
    private String key;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeLogs() {
        logs.forEach(RedisEventLog::close);
    }

    @Override
    protected EventLog newLog() {
        key = "it:" + UUID.randomUUID();
        return open(key);
    }

    private RedisEventLog open(String streamKey) {
        RedisEventLog log = RedisEventLog.connect(new RedisSettings(redis.uri(), streamKey, CAPACITY, 100),
                new TestEncoder(), new ObjectMapper(), Clock.systemUTC());
        logs.add(log);
        return log;
    }

    @Override
    protected void letTimePass() {
        long now = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(1))
                .until(() -> System.currentTimeMillis() > now + 2);
    }

    @Test
    void idOfAnotherStreamKey_isUnknown() {
        RedisEventLog other = open("it:" + UUID.randomUUID());
        EventId foreign = other.append(List.of(event("x", null))).get(0);
        // a later millisecond: in the same one, "a" would get the very id "x" got in the other stream
        letTimePass();
        appendOne("a", null);
        letTimePass();
        appendOne("b", null);

        assertThat(gap(log.replayAfter(foreign, ALL, 100)).reason()).isEqualTo(ResyncReason.UNKNOWN_ID);
    }

    @Test
    void idOfAnEarlierEpoch_isUnknown_evenWhenTheNewEpochHasLaterIds() {
        EventId earlier = appendOne("a", null);
        // Redis loses the log's data: the next append starts a new epoch
        redis.commands().del(key, key + ":meta");
        letTimePass();
        EventId first = appendOne("b", null);
        appendOne("c", null);

        assertThat(first).isGreaterThan(earlier);
        assertThat(gap(log.replayAfter(earlier, ALL, 100)).reason()).isEqualTo(ResyncReason.UNKNOWN_ID);
        assertThat(ids(log.replayAfter(first, ALL, 100))).hasSize(1);
    }

    @Test
    void foreignEntries_areNeverReplayed_andTheirIdsAreUnknown() {
        EventId before = appendOne("a", null);
        String foreign = redis.commands().xadd(key, Map.of("something", "else"));
        EventId after = appendOne("b", null);

        assertThat(ids(log.replayAfter(before, ALL, 100))).containsExactly(after);
        assertThat(gap(log.replayAfter(EventId.parse(foreign), ALL, 100)).reason())
                .isEqualTo(ResyncReason.UNKNOWN_ID);
    }

    @Test
    void theStreamIsTrimmedApproximately_butTooOldIsDecidedBySequence() {
        List<EventId> appended = append(CAPACITY * 3);

        // MAXLEN ~ trims whole nodes only: Redis still holds the oldest entries here
        assertThat(redis.commands().xlen(key)).isGreaterThan(CAPACITY);
        assertThat(gap(log.replayAfter(appended.get(0), ALL, 100)).reason()).isEqualTo(ResyncReason.TOO_OLD);
        assertThat(ids(log.replayAfter(appended.get(appended.size() - 1 - CAPACITY), ALL, 100)))
                .hasSize(CAPACITY);
    }
}
