package dev.headspace.sse.adapter.http.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.ResyncReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every event type the server writes on its own is in the one reserved list, so no publisher can forge it: a new
 * control frame added to {@link SseFrames} without reserving its type fails here.
 */
@Timeout(10)
class ControlFramesAreReservedTest {

    private static List<String> eventNames(ByteBuffer frame) {
        ByteBuffer view = SseFrames.unchunked(frame);
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\n"))
                .filter(line -> line.startsWith("event:"))
                .map(line -> line.substring("event:".length()).strip())
                .toList();
    }

    @Test
    void everyControlFrameTheServerWrites_namesAReservedType() {
        List<String> names = Stream.of(
                        SseFrames.shutdown(3_000),
                        SseFrames.resync(new Resync(ResyncReason.TOO_OLD, "1-0", new EventId(5, 0), new EventId(9, 2))),
                        SseFrames.opening(2_000),
                        SseFrames.position(new EventId(9, 2)),
                        SseFrames.HEARTBEAT)
                .flatMap(frame -> eventNames(frame).stream())
                .toList();

        assertThat(names).containsExactlyInAnyOrder("shutdown", "resync");
        assertThat(names).allSatisfy(name -> assertThat(new EventType(name).isReserved())
                .as("'%s' is written by the server, so it must be in EventType.RESERVED", name).isTrue());
    }
}
