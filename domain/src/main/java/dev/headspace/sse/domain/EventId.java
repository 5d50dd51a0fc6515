package dev.headspace.sse.domain;

/**
 * An event's position in the stream, {@code <epoch-millis>-<sequence>} (the Redis Streams form): unique, ordered, and
 * new across restarts because the millisecond part comes from the wall clock.
 */
public record EventId(long millis, long sequence) implements Comparable<EventId> {

    public EventId {
        if (millis < 0) {
            throw new IllegalArgumentException("'id' millis must be >= 0, got " + millis);
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("'id' sequence must be >= 0, got " + sequence);
        }
    }

    /** Parses the text form; refuses anything else with a message that quotes the value. */
    public static EventId parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 40) {
            throw new IllegalArgumentException("'id' must be <epoch-millis>-<sequence>, got \""
                    + (text == null ? "null" : Token.printable(text)) + "\"");
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1 || !digits(text, 0, dash) || !digits(text, dash + 1, text.length())) {
            throw new IllegalArgumentException("'id' must be <epoch-millis>-<sequence>, got \"" + Token.printable(text) + "\"");
        }
        try {
            return new EventId(Long.parseLong(text, 0, dash, 10), Long.parseLong(text, dash + 1, text.length(), 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'id' parts must fit in 63 bits, got \"" + text + "\"", e);
        }
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(EventId other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    public boolean isAfter(EventId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
