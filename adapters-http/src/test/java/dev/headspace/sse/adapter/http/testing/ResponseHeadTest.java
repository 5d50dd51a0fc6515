package dev.headspace.sse.adapter.http.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headspace.sse.adapter.http.testing.ResponseHead.Framing;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The response head as {@link ResponseHead} reads it: strict lines, header fields, and how the body is framed. */
class ResponseHeadTest {

    private static ResponseHead read(String head) throws IOException {
        return ResponseHead.read(new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void wellFormedHead_givesStatusVersionAndCaseInsensitiveHeaders_andLeavesTheBodyUnread() throws Exception {
        InputStream in = new ByteArrayInputStream(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=UTF-8\r\n"
                + "X-Multi: a\r\nx-multi:  b \r\nTransfer-Encoding: chunked\r\n\r\nBODY").getBytes(StandardCharsets.US_ASCII));

        ResponseHead head = ResponseHead.read(in);

        assertThat(head.statusLine).isEqualTo("HTTP/1.1 200 OK");
        assertThat(head.version).isEqualTo("HTTP/1.1");
        assertThat(head.status).isEqualTo(200);
        assertThat(head.header("CONTENT-TYPE")).isEqualTo("text/event-stream; charset=UTF-8");
        assertThat(head.headers.get("X-MULTI")).containsExactly("a", "b");
        assertThat(head.header("Content-Length")).isNull();
        assertThat(head.isEventStream()).isTrue();
        assertThat(head.framing).isEqualTo(Framing.CHUNKED);
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("BODY");
    }

    @Test
    void interimResponse_isSkipped_forTheFinalOne() throws Exception {
        ResponseHead head = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n\r\n");

        assertThat(head.status).isEqualTo(503);
        assertThat(head.framing).isEqualTo(Framing.LENGTH);
        assertThat(head.contentLength).isEqualTo(2);
        assertThat(head.isEventStream()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "HTTP/1.1 200 OK\\r\\n\\r\\n|UNTIL_EOF",
            "HTTP/1.0 200 OK\\r\\nContent-Type: text/event-stream\\r\\n\\r\\n|UNTIL_EOF",
            "HTTP/1.1 204 No Content\\r\\nContent-Length: 5\\r\\n\\r\\n|NONE",
            "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n|CHUNKED",
            "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n|UNTIL_EOF",
            "HTTP/1.1 200 OK\\r\\nContent-Length: 7, 7\\r\\n\\r\\n|LENGTH"})
    void framing_followsStatusTransferEncodingAndContentLength(String head, Framing framing) throws Exception {
        assertThat(read(head.replace("\\r\\n", "\r\n")).framing).isEqualTo(framing);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 200 OK\nContent-Type: text/event-stream\n\n",
            "HTTP/1.1 200 OK\r\nContent-Type : text/event-stream\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\n\r\n",
            "HTTP/1.1 200\r\n\r\n",
            "ICY 200 OK\r\n\r\n",
    })
    void malformedHead_isAProtocolException(String head) {
        assertThatThrownBy(() -> read(head)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void headCutOff_isAnEofSayingWhatWasMissing() {
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Ty"))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("a header line")
                .hasMessageContaining("Content-Ty");
    }
}
