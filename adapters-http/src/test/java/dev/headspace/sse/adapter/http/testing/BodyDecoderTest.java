package dev.headspace.sse.adapter.http.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BodyDecoder} over fixed bytes: what each framing yields, and what it refuses. */
class BodyDecoderTest {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<String> chunks = new ArrayList<>();
    private final BodyDecoder.Sink sink = new BodyDecoder.Sink() {
        @Override
        public void bytes(byte[] buffer, int length) {
            body.write(buffer, 0, length);
        }

        @Override
        public void chunk(byte[] data) {
            chunks.add(new String(data, StandardCharsets.UTF_8));
        }
    };

    private EndOfStream decode(String head, String wire) throws IOException {
        ResponseHead parsed = ResponseHead.read(new ByteArrayInputStream(head.getBytes(StandardCharsets.US_ASCII)));
        return BodyDecoder.decode(parsed, new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), sink);
    }

    private EndOfStream decodeChunked(String wire) throws IOException {
        return decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", wire);
    }

    @Test
    void chunkedBody_withExtensionsAndTrailers_endsAtTheLastChunk() throws Exception {
        EndOfStream end = decodeChunked("3\r\nabc\r\nA;name=value\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\nNEXT");

        assertThat(end).isEqualTo(EndOfStream.LAST_CHUNK);
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("abc0123456789");
        assertThat(chunks).containsExactly("abc", "0123456789");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "5\r\nid: 1\n\r\n",          // declared size one byte short: the data is not followed by CRLF
            "7\r\nid: 1\n\r\n0\r\n\r\n", // declared size one byte long
            "6\nid: 1\n\r\n",            // bare LF after the size
            "6 \r\nid: 1\n\r\n",         // trailing space without an extension
            "x\r\nid: 1\n\r\n",          // not hex
            "\r\n",                      // empty size line
            "0\r\nnot a field\r\n\r\n",  // a malformed trailer
    })
    void malformedChunking_isAProtocolException(String wire) {
        assertThatThrownBy(() -> decodeChunked(wire)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void connectionClosedInsideAChunk_isTruncated_sayingWhere() {
        assertThatThrownBy(() -> decodeChunked("2\r\nab\r\n20\r\ndata: part"))
                .isInstanceOf(BodyDecoder.Truncated.class)
                .hasMessageContaining("inside chunk #2 after 10 of 32 bytes");
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("abdata: part");
        assertThat(chunks).containsExactly("ab");
    }

    @Test
    void connectionClosedBetweenChunks_isTruncated() {
        assertThatThrownBy(() -> decodeChunked("2\r\nab\r\n"))
                .isInstanceOf(BodyDecoder.Truncated.class)
                .hasMessageContaining("after 1 chunk(s) without sending the last chunk");
    }

    @Test
    void contentLengthBody_endsAfterThatManyBytes() throws Exception {
        assertThat(decode("HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\n", "hello, and more"))
                .isEqualTo(EndOfStream.CONTENT_COMPLETE);
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void shortContentLengthBody_isTruncated() {
        assertThatThrownBy(() -> decode("HTTP/1.1 400 Bad Request\r\nContent-Length: 50\r\n\r\n", "hello"))
                .isInstanceOf(BodyDecoder.Truncated.class)
                .hasMessageContaining("after 5 of 50 bytes");
    }

    @Test
    void unframedBody_isReadToEof() throws Exception {
        assertThat(decode("HTTP/1.0 200 OK\r\n\r\n", "data: x\n\n")).isEqualTo(EndOfStream.EOF);
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("data: x\n\n");
        assertThat(chunks).isEmpty();
    }

    @Test
    void noContent_hasNoBody() throws Exception {
        assertThat(decode("HTTP/1.1 204 No Content\r\n\r\n", "ignored")).isEqualTo(EndOfStream.CONTENT_COMPLETE);
        assertThat(body.size()).isZero();
    }
}
