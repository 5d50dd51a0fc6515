package dev.headspace.sse.adapter.http.testing;

/** How a response body ended, as {@link RawSseClient#endReason()} reports it. */
public enum EndOfStream {
    /** The server sent the last chunk ({@code 0\r\n\r\n}) of a chunked body. */
    LAST_CHUNK,
    /** The body had a {@code Content-Length} that was read completely, or the status allows no body. */
    CONTENT_COMPLETE,
    /** The body has no length framing and the server closed the connection (the normal end of such a body). */
    EOF,
    /** The server closed the connection before the framing said the body ended (no last chunk, short body). */
    TRUNCATED,
    /** Reading failed with an I/O error that the client did not cause, typically a connection reset by the server. */
    RESET,
    /** The response violated HTTP/1.1 framing or SSE/UTF-8 rules (or the client failed); see the client's failure. */
    PROTOCOL_ERROR,
    /** The test closed or aborted the client before the server ended the body. */
    CLOSED_LOCALLY;

    /** Whether the server ended the stream (cleanly or not): everything except a protocol error or local close. */
    public boolean byServer() {
        return this != PROTOCOL_ERROR && this != CLOSED_LOCALLY;
    }

    /** Whether the body ended as its framing says it should: {@link #LAST_CHUNK}, {@link #CONTENT_COMPLETE}, {@link #EOF}. */
    public boolean clean() {
        return this == LAST_CHUNK || this == CONTENT_COMPLETE || this == EOF;
    }
}
