package dev.headspace.sse.adapter.http.testing;

/**
 * One event block dispatched by a blank line in a {@code text/event-stream}, exactly as {@link RawSseClient} parsed it.
 *
 * <p>All fields hold what <em>this</em> block carried, so tests can tell "no such line" from "an empty line":
 *
 * @param id    value of the last valid {@code id:} line in this block, {@code null} if the block had none. Unlike a
 *              browser's {@code lastEventId}, this does not inherit an id from an earlier block; see
 *              {@link RawSseClient#lastEventId()} for the spec's persistent value.
 * @param event raw value of the last {@code event:} line in this block, {@code null} if absent. It is deliberately
 *              <em>not</em> defaulted to {@code "message"}; {@link #type()} gives the type a browser would dispatch.
 * @param data  the {@code data:} lines joined with {@code "\n"} (the spec's data buffer without its final LF),
 *              {@code null} if the block had no data line at all, {@code ""} for a single empty {@code data:} line.
 * @param retry value of the last valid {@code retry:} line in this block (ASCII digits only), {@code null} if none.
 */
public record SseEvent(String id, String event, String data, Long retry) {

    /** Convenience for tests: an event block with an id, an event type and data, without retry. */
    public static SseEvent of(String id, String event, String data) {
        return new SseEvent(id, event, data, null);
    }

    /** The type a browser's {@code EventSource} would dispatch: {@link #event()}, or {@code "message"} if absent/empty. */
    public String type() {
        return event == null || event.isEmpty() ? "message" : event;
    }

    /** Whether the block had at least one {@code data:} line (a browser ignores blocks without one). */
    public boolean hasData() {
        return data != null;
    }
}
