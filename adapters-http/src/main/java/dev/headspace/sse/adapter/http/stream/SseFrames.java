package dev.headspace.sse.adapter.http.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * SSE text framed as HTTP/1.1 chunks, the form every stream writes straight to its socket; the identity form for
 * HTTP/1.0 clients is a view of the same bytes without the chunk header and trailer.
 */
final class SseFrames {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    static final ByteBuffer LAST_CHUNK = readOnly("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    private SseFrames() {
    }

    /** Wraps SSE bytes into one chunk in a read-only direct buffer (sockets write direct memory without a copy). */
    static ByteBuffer chunk(byte[] sse, int length) {
        if (length == 0) {
            throw new IllegalArgumentException("an SSE frame is never empty");
        }
        byte[] size = hex(length);
        ByteBuffer frame = ByteBuffer.allocateDirect(size.length + 2 + length + 2);
        frame.put(size).put(CRLF).put(sse, 0, length).put(CRLF).flip();
        return frame.asReadOnlyBuffer();
    }

    static ByteBuffer chunk(String sse) {
        byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
        return chunk(bytes, bytes.length);
    }

    /** The SSE bytes inside a chunk built by {@link #chunk}, for a connection that is not chunked. */
    static ByteBuffer unchunked(ByteBuffer chunk) {
        ByteBuffer view = chunk.duplicate();
        int start = view.position();
        int i = start;
        while (view.get(i) != '\r') {
            i++;
        }
        view.position(i + 2);
        view.limit(chunk.limit() - 2);
        return view.slice();
    }

    private static byte[] hex(int value) {
        int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(value) + 3) / 4);
        byte[] out = new byte[digits];
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = HEX[value & 0xf];
            value >>>= 4;
        }
        return out;
    }

    private static ByteBuffer readOnly(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(bytes).flip();
        return buffer.asReadOnlyBuffer();
    }
}
