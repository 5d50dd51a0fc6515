package dev.headspace.sse.adapter.http.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.ProjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class SseEventEncoderTest {

    private static final EventId ID = new EventId(1_700_000_000_000L, 3);
    private static final Instant AT = Instant.parse("2023-11-14T22:13:20Z");

    private final SseEventEncoder encoder = new SseEventEncoder();
    private final ObjectMapper json = new ObjectMapper();

    private static Event event(String payload) {
        return new Event(ID, new EventType("session_ended"), new ProjectId("proj-1"), new AgentId("agent-7"), payload,
                AT);
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    /** The SSE text inside the chunk, after checking that the chunk header gives its exact size in bytes. */
    private static String sseText(EncodedEvent encoded) {
        byte[] frame = bytes(encoded.frame());
        String asText = new String(frame, StandardCharsets.ISO_8859_1);
        int headerEnd = asText.indexOf("\r\n");
        int size = Integer.parseInt(asText.substring(0, headerEnd), 16);
        assertThat(frame.length).as("chunk header, body and trailing CRLF").isEqualTo(headerEnd + 2 + size + 2);
        assertThat(asText).endsWith("\r\n");
        return new String(frame, headerEnd + 2, size, StandardCharsets.UTF_8);
    }

    /** The SSE text's lines; it ends with the blank line that dispatches the event, and contains no CR at all. */
    private static List<String> lines(String sse) {
        assertThat(sse).doesNotContain("\r").endsWith("\n\n");
        return Arrays.asList(sse.substring(0, sse.length() - 2).split("\n", -1));
    }

    private static String data(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void event_isEncodedAsIdEventAndOneDataLine_inOneHttpChunk() {
        EncodedEvent encoded = encoder.encode(event("{\"reason\":\"exit\",\"n\":1}"));

        String sse = "id: 1700000000000-3\n"
                + "event: session_ended\n"
                + "data: {\"id\":\"1700000000000-3\",\"type\":\"session_ended\",\"project_id\":\"proj-1\","
                + "\"agent_id\":\"agent-7\",\"timestamp\":\"2023-11-14T22:13:20Z\",\"data\":{\"reason\":\"exit\",\"n\":1}}\n"
                + "\n";
        int size = sse.getBytes(StandardCharsets.UTF_8).length;
        assertThat(text(encoded.frame())).isEqualTo(Integer.toHexString(size) + "\r\n" + sse + "\r\n");
        assertThat(encoded.size()).isEqualTo(encoded.frame().remaining());
    }

    @Test
    void encodedEvent_carriesTheEventItEncodes() {
        Event event = event("{}");

        assertThat(encoder.encode(event).event()).isSameAs(event);
    }

    @Test
    void envelope_parsesBack_withEveryField() throws Exception {
        EncodedEvent encoded = encoder.encode(event("{\"reason\":\"exit\",\"nested\":{\"list\":[1,2,3]},\"ok\":true}"));

        JsonNode envelope = json.readTree(data(lines(sseText(encoded))));

        assertThat(envelope.get("id").asText()).isEqualTo("1700000000000-3");
        assertThat(envelope.get("type").asText()).isEqualTo("session_ended");
        assertThat(envelope.get("project_id").asText()).isEqualTo("proj-1");
        assertThat(envelope.get("agent_id").asText()).isEqualTo("agent-7");
        assertThat(envelope.get("timestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(envelope.get("data")).isEqualTo(json.readTree(
                "{\"reason\":\"exit\",\"nested\":{\"list\":[1,2,3]},\"ok\":true}"));
        assertThat(envelope.size()).isEqualTo(6);
    }

    @Test
    void missingProjectAndAgent_areJsonNull() throws Exception {
        Event event = new Event(ID, new EventType("custom"), null, null, "{}", AT);

        JsonNode envelope = json.readTree(data(lines(sseText(encoder.encode(event)))));

        assertThat(envelope.has("project_id")).isTrue();
        assertThat(envelope.get("project_id").isNull()).isTrue();
        assertThat(envelope.has("agent_id")).isTrue();
        assertThat(envelope.get("agent_id").isNull()).isTrue();
    }

    @Test
    void timestamp_isIsoUtc_withMillisWhenThereAreAny() throws Exception {
        Event event = new Event(ID, new EventType("custom"), null, null, "{}",
                Instant.parse("2024-02-29T23:59:59.120Z"));

        JsonNode envelope = json.readTree(data(lines(sseText(encoder.encode(event)))));

        assertThat(envelope.get("timestamp").asText()).isEqualTo("2024-02-29T23:59:59.120Z");
    }

    @Test
    void payloadWithLineBreaksBetweenTokens_becomesOneDataLinePerLine_andStillParses() throws Exception {
        String payload = "{\"a\":1,\n\"b\":\r\"x\",\r\n\"c\":[1,\n\n2],\r\r\"d\":\r\n\r\n{}}";

        String sse = sseText(encoder.encode(event(payload)));
        List<String> lines = lines(sse);

        assertThat(lines.get(0)).isEqualTo("id: 1700000000000-3");
        assertThat(lines.get(1)).isEqualTo("event: session_ended");
        assertThat(lines.subList(2, lines.size())).hasSize(10).allSatisfy(line -> assertThat(line).startsWith("data: "));
        JsonNode envelope = json.readTree(data(lines));
        assertThat(envelope.get("data")).isEqualTo(json.readTree(payload));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":1\nid: 99\n}",
            "{\"a\":1\r\nevent: admin\r\n}",
            "{\"a\":1\rretry: 1\r}",
            "{\"a\":1\n\nid: 99\n\nevent: evil\n\ndata: x\n\n}",
            "{\"a\":1\r\r\r\n\n}",
            "{\"a\":\n:comment\n1}"})
    void payloadTryingToStartAField_staysInsideDataLines_andNeverEndsTheEventEarly(String payload) {
        List<String> lines = lines(sseText(encoder.encode(event(payload))));

        assertThat(lines.get(0)).isEqualTo("id: 1700000000000-3");
        assertThat(lines.get(1)).isEqualTo("event: session_ended");
        assertThat(lines.subList(2, lines.size())).allSatisfy(line -> {
            assertThat(line).startsWith("data: ");
            assertThat(line).isNotEmpty();
        });
        assertThat(lines).filteredOn(line -> line.startsWith("id:")).hasSize(1);
        assertThat(lines).filteredOn(line -> line.startsWith("event:")).hasSize(1);
        assertThat(lines).noneMatch(line -> line.startsWith("retry:") || line.startsWith(":"));
    }

    @Test
    void lineBreakKinds_eachEndExactlyOneLine() {
        StringBuilder out = new StringBuilder();
        SseFrames.appendData(out, "a\nb\rc\r\nd\n\re");

        assertThat(out).hasToString("data: a\ndata: b\ndata: c\ndata: d\ndata: \ndata: e\n");
    }

    @Test
    void trailingLineBreak_givesAnEmptyLastDataLine_notABlankLine() {
        StringBuilder out = new StringBuilder();
        SseFrames.appendData(out, "x\r\n");

        assertThat(out).hasToString("data: x\ndata: \n");
    }

    @Test
    void unicodePayload_isUtf8_andTheChunkSizeCountsBytes() throws Exception {
        String payload = "{\"name\":\"caf\u00e9 \u2615 \ud83d\ude80\"}";

        EncodedEvent encoded = encoder.encode(event(payload));

        String sse = sseText(encoded);
        assertThat(json.readTree(data(lines(sse))).get("data").get("name").asText())
                .isEqualTo("caf\u00e9 \u2615 \ud83d\ude80");
    }

    @Test
    void frame_givesIndependentViews_ofTheSameReadOnlyBytes() {
        EncodedEvent encoded = encoder.encode(event("{\"k\":\"v\"}"));

        ByteBuffer first = encoded.frame();
        ByteBuffer second = encoded.frame();
        byte[] expected = bytes(first);
        first.get(new byte[first.remaining()]);

        assertThat(first.hasRemaining()).isFalse();
        assertThat(second.position()).isZero();
        assertThat(second.remaining()).isEqualTo(expected.length).isEqualTo(encoded.size());
        assertThat(bytes(second)).isEqualTo(expected);
        assertThat(bytes(encoded.frame())).isEqualTo(expected);
        assertThat(first).isNotSameAs(second);
        assertThat(first.isReadOnly()).isTrue();
        assertThat(second.isReadOnly()).isTrue();
    }

    @Test
    void frame_isDirectMemory_forSocketWritesWithoutCopy() {
        assertThat(encoder.encode(event("{}")).frame().isDirect()).isTrue();
    }

    @Test
    void concurrentReaders_eachGetTheWholeFrame() throws Exception {
        EncodedEvent encoded = encoder.encode(event("{\"k\":\"" + "v".repeat(10_000) + "\"}"));
        byte[] expected = bytes(encoded.frame());
        List<Thread> readers = new ArrayList<>();
        List<byte[]> results = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread reader = new Thread(() -> {
                ByteBuffer view = encoded.frame();
                byte[] out = new byte[view.remaining()];
                int at = 0;
                while (view.hasRemaining()) {
                    int step = Math.min(7, view.remaining());
                    view.get(out, at, step);
                    at += step;
                }
                results.add(out);
            });
            readers.add(reader);
            reader.start();
        }
        for (Thread reader : readers) {
            reader.join(5_000);
        }

        assertThat(results).hasSize(8).allSatisfy(result -> assertThat(result).isEqualTo(expected));
    }
}
