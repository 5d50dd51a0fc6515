package dev.headspace.sse.application.testing;

import dev.headspace.sse.domain.EncodedEvent;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.port.EventEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An encoder for tests without the HTTP adapter: an SSE-like frame with id, type and data; it keeps what it made. */
public final class TestEncoder implements EventEncoder {

    private final List<EncodedEvent> encoded = new CopyOnWriteArrayList<>();

    @Override
    public EncodedEvent encode(Event event) {
        byte[] bytes = ("id: " + event.id() + "\nevent: " + event.type() + "\ndata: " + event.payloadJson() + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        EncodedEvent result = new EncodedEvent(event, ByteBuffer.wrap(bytes));
        encoded.add(result);
        return result;
    }

    /** Every event encoded so far, in order. */
    public List<EncodedEvent> encoded() {
        return List.copyOf(encoded);
    }

    public int calls() {
        return encoded.size();
    }

    public EncodedEvent last() {
        return encoded.get(encoded.size() - 1);
    }
}
