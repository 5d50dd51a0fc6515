package dev.headspace.sse.adapter.http.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Reads IP address literals (from settings and {@code X-Forwarded-For}) without ever looking up a host name. */
final class IpLiteral {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** The address the text writes, or null if it is not an IPv4 or IPv6 literal ({@code [::1]} allowed). */
    static InetAddress parse(String text) {
        String value = text.strip();
        if (value.length() > 2 && value.charAt(0) == '[' && value.charAt(value.length() - 1) == ']') {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > 45 || !(IPV4.matcher(value).matches() || IPV6.matcher(value).matches())) {
            return null;
        }
        try {
            // only literals reach this line, so it parses and never resolves
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
