package dev.headspace.sse.adapter.http.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SseParser} against the WHATWG event-stream rules, fed in pieces as a socket would deliver them. */
class SseParserTest {

    private final SseParser parser = new SseParser();

    private void feed(String... pieces) throws ProtocolException {
        for (String piece : pieces) {
            feed(piece.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void feed(byte[] bytes) throws ProtocolException {
        parser.feed(bytes, bytes.length);
    }

    @Test
    void block_givesIdEventDataAndRetry() throws Exception {
        feed("retry: 2500\nid: 1\nevent: agent.started\ndata: {\"a\":1}\n\n");

        assertThat(parser.events()).containsExactly(new SseEvent("1", "agent.started", "{\"a\":1}", 2500L));
        assertThat(parser.lastRetry()).isEqualTo(2500L);
        assertThat(parser.lastEventId()).isEqualTo("1");
    }

    @Test
    void dataLines_areJoinedWithLf_withoutATrailingOne() throws Exception {
        feed("data: line1\ndata:line2\ndata\ndata:  two spaces\n\n");

        assertThat(parser.events()).containsExactly(new SseEvent(null, null, "line1\nline2\n\n two spaces", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\r\n"})
    void everyLineEnd_endsALine_alsoSplitAcrossPieces(String eol) throws Exception {
        String stream = "id: 3" + eol + "data: a" + eol + "data: b" + eol + eol;
        for (int i = 0; i < stream.length(); i++) {
            feed(stream.substring(i, i + 1)); // one byte at a time: a CRLF always arrives split
        }

        assertThat(parser.events()).containsExactly(new SseEvent("3", null, "a\nb", null));
    }

    @Test
    void multiByteCharacterSplitAcrossPieces_isDecodedWhole() throws Exception {
        byte[] utf8 = "data: héllo ✓\n\n".getBytes(StandardCharsets.UTF_8);
        feed(Arrays.copyOfRange(utf8, 0, utf8.length - 3));
        feed(Arrays.copyOfRange(utf8, utf8.length - 3, utf8.length));

        assertThat(parser.events()).extracting(SseEvent::data).containsExactly("héllo ✓");
    }

    @Test
    void id_takesEffectWhenTheBlockIsDispatched_notWhenItsLineArrives() throws Exception {
        feed("id: 1\ndata: one\n\nid: 2\ndata: cut");
        assertThat(parser.lastEventId()).isEqualTo("1");

        feed("\n\n");
        assertThat(parser.lastEventId()).isEqualTo("2");
    }

    @Test
    void blockWithOnlyAnId_isNoEvent_butSetsTheLastEventId_andItPersists() throws Exception {
        feed("id: 5\n\ndata: x\n\n");

        assertThat(parser.events()).containsExactly(new SseEvent(null, null, "x", null));
        assertThat(parser.lastEventId()).isEqualTo("5");
    }

    @Test
    void emptyId_resetsTheLastEventId() throws Exception {
        feed("id: 5\n\nid\ndata: x\n\n");

        assertThat(parser.events()).containsExactly(new SseEvent("", null, "x", null));
        assertThat(parser.lastEventId()).isEmpty();
    }

    @Test
    void unterminatedBlock_isNeverDispatched() throws Exception {
        feed("id: 9\ndata: incomplete\n");

        assertThat(parser.events()).isEmpty();
        assertThat(parser.lastEventId()).isEmpty();
    }

    @Test
    void comments_areRecordedWithoutColonAndOneSpace_andAreNoEvents() throws Exception {
        feed(": hello\n:keepalive\n:  two\n\n");

        assertThat(parser.comments()).containsExactly("hello", "keepalive", " two");
        assertThat(parser.events()).isEmpty();
    }

    @Test
    void eventWithoutData_isRecorded_asATestClientDeviation() throws Exception {
        feed("event: shutdown\n\n");

        assertThat(parser.events()).containsExactly(new SseEvent(null, "shutdown", null, null));
        assertThat(parser.events().get(0).hasData()).isFalse();
        assertThat(parser.events().get(0).type()).isEqualTo("shutdown");
    }

    @Test
    void unknownFieldsInvalidRetryAndIdWithNul_areIgnored_andListed() throws Exception {
        feed("retry: 100\n\nfoo: bar\nretry: soon\nretry: -1\nid: a\0b\n\n");

        assertThat(parser.events()).isEmpty();
        assertThat(parser.ignoredLines()).containsExactly("foo: bar", "retry: soon", "retry: -1", "id: a\0b");
        assertThat(parser.lastRetry()).isEqualTo(100L);
        assertThat(parser.lastEventId()).isEmpty();
    }

    @Test
    void leadingBom_isIgnoredOnce() throws Exception {
        feed("\ufeffdata: x\n\n\ufeffdata: y\n\n");

        assertThat(parser.events()).extracting(SseEvent::data).containsExactly("x");
        assertThat(parser.ignoredLines()).containsExactly("\ufeffdata: y");
    }

    @Test
    void invalidUtf8_isAProtocolException() {
        assertThatThrownBy(() -> feed(new byte[] {'d', 'a', 't', 'a', ':', ' ', (byte) 0xc3, '(', '\n', '\n'}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void typeIsMessage_whenTheEventFieldIsAbsentOrEmpty() throws Exception {
        feed("data: a\n\nevent\ndata: b\n\n");

        assertThat(parser.events()).extracting(SseEvent::type).containsExactly("message", "message");
    }
}
