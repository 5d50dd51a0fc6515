package dev.headspace.sse.adapter.http.testing;

import static dev.headspace.sse.adapter.http.testing.Wire.escape;
import static dev.headspace.sse.adapter.http.testing.Wire.hexByte;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the framing off a response body - {@code Transfer-Encoding: chunked}, {@code Content-Length} or read-to-EOF -
 * and hands the bytes to a {@link Sink} as they arrive. Chunks are decoded strictly: a hex size line ending in CRLF
 * (chunk extensions are tolerated), exactly that many bytes, then CRLF; a zero chunk plus trailer section ends the
 * body. Anything else - a wrong chunk size, a bare LF - is a {@link ProtocolException}.
 */
final class BodyDecoder {

    /** Receives the decoded body; called on the decoding thread. */
    interface Sink {
        /** The next {@code length} bytes of the body, as soon as they are read. */
        void bytes(byte[] buffer, int length) throws ProtocolException;

        /** The data of a chunk that arrived whole, after its bytes went to {@link #bytes}. */
        void chunk(byte[] data);
    }

    /** The server closed the connection before the body's framing said it ended. */
    static final class Truncated extends EOFException {
        private static final long serialVersionUID = 1L;

        Truncated(String message) {
            super(message);
        }
    }

    private static final Pattern CHUNK_SIZE = Pattern.compile("([0-9A-Fa-f]{1,15})([ \\t]*;.*)?");
    private static final int MAX_SIZE_LINE = 4096;

    private final InputStream in;
    private final Sink sink;
    private final byte[] buffer = new byte[8192];

    private BodyDecoder(InputStream in, Sink sink) {
        this.in = in;
        this.sink = sink;
    }

    /**
     * Decodes the body framed as {@code head} says, until it ends.
     *
     * @return {@link EndOfStream#LAST_CHUNK}, {@link EndOfStream#CONTENT_COMPLETE} or {@link EndOfStream#EOF}
     * @throws Truncated         if the connection closed before the framing said the body ended
     * @throws ProtocolException if the framing is malformed (or the sink refuses the bytes)
     */
    static EndOfStream decode(ResponseHead head, InputStream in, Sink sink) throws IOException {
        BodyDecoder decoder = new BodyDecoder(in, sink);
        return switch (head.framing) {
            case NONE -> EndOfStream.CONTENT_COMPLETE;
            case CHUNKED -> decoder.chunked();
            case LENGTH -> decoder.exactly(head.contentLength);
            case UNTIL_EOF -> decoder.untilEof();
        };
    }

    private EndOfStream chunked() throws IOException {
        for (int index = 1; ; index++) {
            String sizeLine = crlfLine("the size line of chunk #" + index, index == 1
                    ? "the server closed the connection before the first chunk"
                    : "the server closed the connection after " + (index - 1) + " chunk(s) without sending the last chunk");
            Matcher size = CHUNK_SIZE.matcher(sizeLine);
            if (!size.matches()) {
                throw new ProtocolException("malformed size line of chunk #" + index + ": \"" + escape(sizeLine) + "\"");
            }
            long length = Long.parseLong(size.group(1), 16);
            if (length == 0) {
                trailers();
                return EndOfStream.LAST_CHUNK;
            }
            ByteArrayOutputStream chunk = new ByteArrayOutputStream((int) Math.min(length, 1 << 16));
            for (long remaining = length; remaining > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new Truncated("the server closed the connection inside chunk #" + index + " after "
                            + (length - remaining) + " of " + length + " bytes");
                }
                chunk.write(buffer, 0, n);
                sink.bytes(buffer, n);
                remaining -= n;
            }
            int cr = in.read();
            int lf = cr < 0 ? -1 : in.read();
            if (cr < 0 || lf < 0) {
                throw new Truncated("the server closed the connection before the CRLF after chunk #" + index);
            }
            if (cr != '\r' || lf != '\n') {
                throw new ProtocolException("chunk #" + index + " of declared size " + length + " (0x" + size.group(1)
                        + ") is followed by " + hexByte(cr) + " " + hexByte(lf)
                        + " instead of CRLF: the declared size does not match the data");
            }
            sink.chunk(chunk.toByteArray());
        }
    }

    private void trailers() throws IOException {
        for (int lines = 0; ; lines++) {
            String line = crlfLine("the trailer section",
                    "the server closed the connection inside the trailer section after the last chunk");
            if (line.isEmpty()) {
                return;
            }
            if (lines >= ResponseHead.MAX_LINES || !ResponseHead.isHeaderField(line)) {
                throw new ProtocolException("malformed trailer field after the last chunk: \"" + escape(line) + "\"");
            }
        }
    }

    private EndOfStream exactly(long contentLength) throws IOException {
        for (long remaining = contentLength; remaining > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new Truncated("the server closed the connection after " + (contentLength - remaining) + " of "
                        + contentLength + " bytes (Content-Length)");
            }
            sink.bytes(buffer, n);
            remaining -= n;
        }
        return EndOfStream.CONTENT_COMPLETE;
    }

    private EndOfStream untilEof() throws IOException {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            sink.bytes(buffer, n);
        }
        return EndOfStream.EOF;
    }

    /** A line ending in CRLF (framing only, ISO-8859-1); a bare CR or LF is a protocol error. */
    private String crlfLine(String what, String truncatedMessage) throws IOException {
        StringBuilder line = new StringBuilder(16);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new Truncated(line.length() == 0 ? truncatedMessage
                        : "the server closed the connection inside " + what + ": \"" + escape(line) + "\"");
            }
            if (b == '\r') {
                int lf = in.read();
                if (lf < 0) {
                    throw new Truncated("the server closed the connection inside " + what);
                }
                if (lf != '\n') {
                    throw new ProtocolException(what + " has a CR not followed by LF: \"" + escape(line) + "\\r\" then "
                            + hexByte(lf));
                }
                return line.toString();
            }
            if (b == '\n') {
                throw new ProtocolException(what + " ends with a bare LF instead of CRLF: \"" + escape(line) + "\"");
            }
            if (line.length() >= MAX_SIZE_LINE) {
                throw new ProtocolException(what + " is longer than " + MAX_SIZE_LINE + " bytes: \""
                        + escape(line.substring(0, 64)) + "...\"");
            }
            line.append((char) b);
        }
    }
}
