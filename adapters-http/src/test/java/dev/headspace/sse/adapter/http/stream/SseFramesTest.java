package dev.headspace.sse.adapter.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.Resync;
import dev.headspace.sse.domain.ResyncReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class SseFramesTest {

    private static String text(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({"1, 1", "9, 9", "10, a", "15, f", "16, 10", "17, 11", "255, ff", "256, 100", "4095, fff",
            "4096, 1000", "65535, ffff", "65536, 10000", "1048576, 100000"})
    void chunkHeader_isTheSizeInHex(int size, String hex) {
        byte[] sse = payload(size);

        ByteBuffer chunk = SseFrames.chunk(sse, size);

        String frame = text(chunk);
        assertThat(frame).startsWith(hex + "\r\n").endsWith("\r\n");
        assertThat(chunk.remaining()).isEqualTo(hex.length() + 2 + size + 2);
        assertThat(frame.substring(hex.length() + 2, frame.length() - 2))
                .isEqualTo(new String(sse, StandardCharsets.ISO_8859_1));
    }

    @Test
    void chunk_usesOnlyTheGivenLength() {
        byte[] sse = "data: x\n\ntrailing garbage".getBytes(StandardCharsets.US_ASCII);

        assertThat(text(SseFrames.chunk(sse, 9))).isEqualTo("9\r\ndata: x\n\n\r\n");
    }

    @Test
    void chunkOfText_countsUtf8Bytes() {
        String sse = "data: \u00e9\u2615\n\n";

        assertThat(text(SseFrames.chunk(sse)))
                .isEqualTo("d\r\n" + new String(sse.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                        + "\r\n");
    }

    @Test
    void emptyFrame_isRefused() {
        assertThatThrownBy(() -> SseFrames.chunk(new byte[0], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFrames.chunk("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chunk_isReadOnlyDirectMemory() {
        ByteBuffer chunk = SseFrames.chunk(": hi\n\n");

        assertThat(chunk.isReadOnly()).isTrue();
        assertThat(chunk.isDirect()).isTrue();
        assertThat(chunk.position()).isZero();
    }

    @Test
    void unchunked_stripsExactlyTheChunkFraming() {
        String sse = "id: 1-0\nevent: a\ndata: {}\n\n";

        ByteBuffer unchunked = SseFrames.unchunked(SseFrames.chunk(sse));

        assertThat(text(unchunked)).isEqualTo(sse);
        assertThat(unchunked.position()).isZero();
        assertThat(unchunked.isReadOnly()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1", "15", "16", "255", "4096", "70000"})
    void unchunked_givesBackTheBytes_whateverTheHeaderLength(int size) {
        byte[] sse = payload(size);

        ByteBuffer unchunked = SseFrames.unchunked(SseFrames.chunk(sse, size));

        assertThat(text(unchunked)).isEqualTo(new String(sse, StandardCharsets.ISO_8859_1));
    }

    @Test
    void unchunked_keepsDataCarriageReturns_andLeavesTheChunkUntouched() {
        byte[] sse = "data: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer chunk = SseFrames.chunk(sse, sse.length);
        int position = chunk.position();
        int limit = chunk.limit();

        ByteBuffer unchunked = SseFrames.unchunked(chunk);

        assertThat(text(unchunked)).isEqualTo("data: a\r\n\r\n");
        assertThat(chunk.position()).isEqualTo(position);
        assertThat(chunk.limit()).isEqualTo(limit);
    }

    @Test
    void unchunked_ofAFrameView_sharesTheFramesBytes() {
        ByteBuffer chunk = SseFrames.chunk("data: shared\n\n");

        ByteBuffer first = SseFrames.unchunked(chunk.duplicate());
        ByteBuffer second = SseFrames.unchunked(chunk.duplicate());
        first.get(new byte[first.remaining()]);

        assertThat(second.remaining()).isEqualTo("data: shared\n\n".length());
        assertThat(text(second)).isEqualTo("data: shared\n\n");
    }

    @Test
    void lastChunk_endsTheChunkedBody() {
        assertThat(text(SseFrames.LAST_CHUNK)).isEqualTo("0\r\n\r\n");
        assertThat(SseFrames.LAST_CHUNK.isReadOnly()).isTrue();
    }

    /** The chunk around SSE text, with its size in hex, as the wire carries it. */
    private static String chunked(String sse) {
        return Integer.toHexString(sse.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + sse + "\r\n";
    }

    @Test
    void opening_tellsTheRetryDelay_andSaysConnected() {
        assertThat(text(SseFrames.opening(2_500))).isEqualTo(chunked("retry: 2500\n: connected\n\n"));
    }

    @Test
    void heartbeat_isOneComment_sharedReadOnly() {
        assertThat(text(SseFrames.HEARTBEAT)).isEqualTo(chunked(": heartbeat\n\n"));
        assertThat(SseFrames.HEARTBEAT.isReadOnly()).isTrue();
    }

    @Test
    void position_isAnIdWithNoEvent() {
        assertThat(text(SseFrames.position(new EventId(1_700_000_000_000L, 4))))
                .isEqualTo(chunked("id: 1700000000000-4\n\n"));
    }

    @Test
    void shutdown_isAFinalEvent_withTheRetryDelay() {
        assertThat(text(SseFrames.shutdown(3_000))).isEqualTo(chunked("event: shutdown\nretry: 3000\n"
                + "data: {\"reason\":\"server shutting down\",\"retry_ms\":3000}\n\n"));
    }

    @Test
    void resync_namesTheReason_theIdsAndWhereToResumeFrom() {
        Resync resync = new Resync(ResyncReason.TOO_OLD, "1-0", new EventId(5, 0), new EventId(9, 2));

        assertThat(text(SseFrames.resync(resync))).isEqualTo(chunked("event: resync\nid: 9-2\n"
                + "data: {\"reason\":\"too_old\",\"message\":\"the events after the last id you saw are no longer"
                + " held; reload your state, then live events follow\",\"last_event_id\":\"1-0\","
                + "\"oldest_id\":\"5-0\",\"resume_from\":\"9-2\"}\n\n"));
    }

    @Test
    void resync_withAnEmptyLog_hasANullOldestId() {
        Resync resync = new Resync(ResyncReason.UNKNOWN_ID, "x", null, new EventId(9, 2));

        assertThat(text(SseFrames.resync(resync))).contains("\"oldest_id\":null,");
    }
}
