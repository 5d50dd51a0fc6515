package dev.headspace.sse.adapter.http.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.http.stream.SseEventEncoder;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any payload survives our SSE encoding and a WHATWG parse ({@link SseParser}) unchanged, as exactly one event with
 * its id and type and no other field, comment or event: CR, LF, CRLF, NUL, lone surrogates, emoji, 64 KiB.
 */
class SseEncodingPropertyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SseEventEncoder encoder = new SseEventEncoder();

    @Provide
    Arbitrary<String> hostileText() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> breaks = Arbitraries.strings().withChars('\r', '\n', '\0', 'a', ':', ' ', '\uD800', '\uDC00')
                .withChars("\uD83D\uDE00").ofMaxLength(60);
        Arbitrary<String> injections = Arbitraries.of("\r\nevent: shutdown\r\n\r\n", "\ndata: x\n\nid: 9-9\n",
                "\rretry: 1\r", ": comment\n", "\n\n\n", "\r\r\n\n");
        Arbitrary<String> large = Arbitraries.strings().withChars('x', '\n', '\r', '\u00e9', '\0')
                .ofMinLength(60 * 1024).ofMaxLength(64 * 1024);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, any), net.jqwik.api.Tuple.of(3, breaks), net.jqwik.api.Tuple.of(2, injections),
                net.jqwik.api.Tuple.of(1, large));
    }

    /** The payload as the publish path and the event writer write it: the data re-serialised as UTF-8 by Jackson. */
    @Property(tries = 150)
    void anyPayloadString_comesBackUnchanged_asExactlyOneEvent(@ForAll("hostileText") String text) throws Exception {
        String payload = new String(MAPPER.writeValueAsBytes(Map.of("text", text)), StandardCharsets.UTF_8);

        SseParser parser = parse(event(payload, "agent.turn"));

        assertThat(parser.events()).hasSize(1);
        SseEvent received = parser.events().get(0);
        assertThat(received.id()).isEqualTo("1795587758740-7");
        assertThat(received.event()).isEqualTo("agent.turn");
        assertThat(parser.comments()).isEmpty();
        assertThat(parser.ignoredLines()).isEmpty();
        JsonNode envelope = MAPPER.readTree(received.data());
        assertThat(envelope.get("data").get("text").asText()).isEqualTo(text);
    }

    /**
     * A producer's JSON text with raw line breaks between its tokens (legal JSON whitespace), in each of the three
     * forms: every one starts a new data line, and the parsed data is the same JSON.
     */
    @Property(tries = 100)
    void rawLineBreaksInThePayloadText_neverEndTheEventOrAddAField(
            @ForAll("hostileText") String text, @ForAll("lineBreak") String lineBreak) throws Exception {
        String payload = new String(MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(Map.of("text", text, "n", 1)), StandardCharsets.UTF_8).replace("\n", lineBreak);

        SseParser parser = parse(event(payload, "custom"));

        assertThat(parser.events()).hasSize(1);
        assertThat(parser.ignoredLines()).isEmpty();
        assertThat(MAPPER.readTree(parser.events().get(0).data()).get("data")).isEqualTo(MAPPER.readTree(payload));
    }

    @Provide
    Arbitrary<String> lineBreak() {
        return Arbitraries.of("\r", "\n", "\r\n", "\n\r", "\r\n\r\n");
    }

    private ByteBuffer event(String payload, String type) {
        Event event = new Event(EventId.parse("1795587758740-7"), new EventType(type), null, null, payload,
                Instant.parse("2026-11-25T06:20:07.123Z"));
        return encoder.encode(event).frame();
    }

    /** Takes the SSE text out of its one HTTP chunk and parses it as a browser would. */
    private static SseParser parse(ByteBuffer frame) throws Exception {
        ByteBuffer view = frame.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        int headerEnd = indexOfCrlf(bytes, 0);
        int size = Integer.parseInt(new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII), 16);
        assertThat(bytes.length).as("one chunk: size line, data, CRLF").isEqualTo(headerEnd + 2 + size + 2);
        byte[] sse = new byte[size];
        System.arraycopy(bytes, headerEnd + 2, sse, 0, size);
        SseParser parser = new SseParser();
        parser.feed(sse, sse.length);
        return parser;
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no chunk size line");
    }
}
