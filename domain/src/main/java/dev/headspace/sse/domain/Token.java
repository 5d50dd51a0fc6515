package dev.headspace.sse.domain;

import java.util.regex.Pattern;

/** The syntax shared by event types, project ids and agent ids, so every one of them can be named in a filter. */
final class Token {

    static final int MAX_LENGTH = 64;
    static final String RULE = "must be 1-" + MAX_LENGTH + " characters of [A-Za-z0-9_.:-]";
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_LENGTH + "}");

    private Token() {
    }

    static String require(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' must not be null");
        }
        if (!SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + field + "' " + RULE + ", got \"" + printable(value) + "\"");
        }
        return value;
    }

    /** Quotes a rejected value safely in a message: control characters shown as escapes, long values cut. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(value.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > limit) {
            out.append("...");
        }
        return out.toString();
    }
}
