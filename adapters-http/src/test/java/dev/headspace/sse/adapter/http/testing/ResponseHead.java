package dev.headspace.sse.adapter.http.testing;

import static dev.headspace.sse.adapter.http.testing.Wire.escape;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status line and header fields of an HTTP/1.1 response, read strictly: CRLF line ends, a well-formed status
 * line, header fields without obs-fold; interim 1xx responses are skipped. It also decides how the body is framed,
 * rejecting a response with both {@code Transfer-Encoding} and {@code Content-Length} or with conflicting lengths.
 */
final class ResponseHead {

    /** How the body that follows the head is delimited. */
    enum Framing { NONE, CHUNKED, LENGTH, UNTIL_EOF }

    static final int MAX_LINES = 200;
    private static final int MAX_LINE = 16 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/(\\d)\\.(\\d) (\\d{3}) ([\\t \\x21-\\x7e\\x80-\\xff]*)");

    final String statusLine;
    final String version;
    final int status;
    /** Case-insensitive names; each header line is one list element, in arrival order. */
    final Map<String, List<String>> headers;
    final Framing framing;
    /** The body's length when {@link #framing} is {@link Framing#LENGTH}, else -1. */
    final long contentLength;

    private ResponseHead(String statusLine, String version, int status, Map<String, List<String>> headers)
            throws ProtocolException {
        this.statusLine = statusLine;
        this.version = version;
        this.status = status;
        this.headers = headers;
        this.framing = framingOf(status, headers);
        this.contentLength = framing == Framing.LENGTH ? contentLengthOf(headers.get("Content-Length")) : -1;
    }

    /**
     * Reads the head byte by byte, so that not one body byte is taken from {@code in}.
     *
     * @throws SocketTimeoutException if {@code in} times out, saying what part of the head was missing
     * @throws EOFException           if the stream ends inside the head
     * @throws ProtocolException      if the head is malformed
     */
    static ResponseHead read(InputStream in) throws IOException {
        while (true) {
            String statusLine = readLine(in, "the status line");
            Matcher matcher = STATUS_LINE.matcher(statusLine);
            if (!matcher.matches()) {
                throw new ProtocolException("malformed status line: \"" + escape(statusLine) + "\"");
            }
            int status = Integer.parseInt(matcher.group(3));
            Map<String, List<String>> fields = readFields(in);
            if (status == 101) {
                throw new ProtocolException("unexpected 101 Switching Protocols: " + statusLine);
            }
            if (status >= 200) {
                return new ResponseHead(statusLine, "HTTP/" + matcher.group(1) + "." + matcher.group(2), status, fields);
            }
            // an interim response; the final one follows
        }
    }

    /** The first value of a header (name compared case-insensitively), {@code null} if absent. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether the media type is {@code text/event-stream} (only then is the body parsed as SSE). */
    boolean isEventStream() {
        String contentType = header("Content-Type");
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .equalsIgnoreCase("text/event-stream");
    }

    /** Whether {@code line} is {@code token ":" value}, as header and trailer fields must be. */
    static boolean isHeaderField(String line) {
        int colon = line.indexOf(':');
        return colon > 0 && Wire.TOKEN.matcher(line.substring(0, colon)).matches();
    }

    private static Map<String, List<String>> readFields(InputStream in) throws IOException {
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int lines = 0; ; lines++) {
            String line = readLine(in, "a header line");
            if (line.isEmpty()) {
                Map<String, List<String>> frozen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                fields.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
                return Collections.unmodifiableMap(frozen);
            }
            if (lines >= MAX_LINES) {
                throw new ProtocolException("more than " + MAX_LINES + " header lines");
            }
            if (!isHeaderField(line)) {
                throw new ProtocolException("malformed header line (obs-fold, no colon, or not a token before"
                        + " the colon): \"" + escape(line) + "\"");
            }
            int colon = line.indexOf(':');
            fields.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
    }

    private static String readLine(InputStream in, String what) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                SocketTimeoutException timeout = new SocketTimeoutException("timed out reading " + what
                        + " of the response head; got so far: \"" + escape(line) + "\"");
                timeout.initCause(e);
                throw timeout;
            }
            if (b < 0) {
                throw new EOFException("the server closed the connection while sending " + what
                        + " of the response head; got so far: \"" + escape(line) + "\"");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new ProtocolException(what + " of the response head has a CR not followed by LF: \""
                            + escape(line) + "\"");
                }
                return line.toString();
            }
            if (b == '\n') {
                throw new ProtocolException(what + " of the response head ends with a bare LF: \"" + escape(line) + "\"");
            }
            if (line.length() >= MAX_LINE) {
                throw new ProtocolException(what + " of the response head is longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private static Framing framingOf(int status, Map<String, List<String>> headers) throws ProtocolException {
        List<String> transferEncoding = headers.get("Transfer-Encoding");
        List<String> contentLength = headers.get("Content-Length");
        if (status == 204 || status == 304) {
            if (transferEncoding != null) {
                throw new ProtocolException(status + " response with Transfer-Encoding " + transferEncoding);
            }
            return Framing.NONE;
        }
        if (transferEncoding == null) {
            return contentLength == null ? Framing.UNTIL_EOF : Framing.LENGTH;
        }
        if (contentLength != null) {
            throw new ProtocolException("response has both Transfer-Encoding " + transferEncoding
                    + " and Content-Length " + contentLength);
        }
        List<String> codings = new ArrayList<>();
        for (String value : transferEncoding) {
            for (String coding : value.split(",")) {
                codings.add(coding.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (codings.contains("chunked") && codings.indexOf("chunked") != codings.size() - 1) {
            throw new ProtocolException("chunked is not the final transfer coding: " + transferEncoding);
        }
        return codings.get(codings.size() - 1).equals("chunked") ? Framing.CHUNKED : Framing.UNTIL_EOF;
    }

    private static long contentLengthOf(List<String> values) throws ProtocolException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String digits = part.strip();
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new ProtocolException("invalid Content-Length " + values);
                }
                long parsed = Long.parseLong(digits);
                if (length >= 0 && parsed != length) {
                    throw new ProtocolException("conflicting Content-Length values " + values);
                }
                length = parsed;
            }
        }
        return length;
    }
}
