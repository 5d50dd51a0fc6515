package dev.headspace.sse.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads one typed value at a time and turns every failure into an {@link InvalidSettingException}. */
record Reader(Config config) {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    String string(String key, Function<String, String> rule) {
        String value = config.getString(key);
        String broken = rule.apply(value);
        if (broken != null) {
            throw invalid(key, broken, null);
        }
        return value;
    }

    int integer(String key, int min, int max) {
        String rule = "must be a whole number from " + min + " to " + max;
        String raw = String.valueOf(config.getValue(key).unwrapped()).strip();
        // Typesafe Config would truncate 80.5 to 80; a fraction is a mistake worth stopping for
        if (!WHOLE_NUMBER.matcher(raw).matches()) {
            throw invalid(key, rule, null);
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw invalid(key, rule, e);
        }
        if (value < min || value > max) {
            throw invalid(key, rule, null);
        }
        return (int) value;
    }

    Duration positiveDuration(String key) {
        return duration(key, true);
    }

    Duration duration(String key, boolean positive) {
        String rule = positive ? "must be a positive duration such as 500ms, 30s or 5m"
                : "must be a duration of zero or more such as 0s, 500ms or 5m";
        if (WHOLE_NUMBER.matcher(String.valueOf(config.getValue(key).unwrapped()).strip()).matches()) {
            // a bare number would silently mean milliseconds
            throw invalid(key, rule + " (with its unit)", null);
        }
        Duration value;
        try {
            value = config.getDuration(key);
        } catch (ConfigException e) {
            throw invalid(key, rule, e);
        }
        if (value.isNegative() || (positive && value.isZero())) {
            throw invalid(key, rule, null);
        }
        return value;
    }

    /** A duration of 0 to {@code maxMillis} whole milliseconds (timers on IO threads tick in milliseconds). */
    Duration wholeMillis(String key, long maxMillis) {
        Duration value = duration(key, false);
        if (value.toMillis() > maxMillis || !value.equals(Duration.ofMillis(value.toMillis()))) {
            throw invalid(key, "must be whole milliseconds from 0ms to " + maxMillis + "ms", null);
        }
        return value;
    }

    Optional<String> secret(String key) {
        String value = config.getString(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() < 16 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw invalid(key, "must be empty (off) or at least 16 printable ASCII characters without spaces", null);
        }
        return Optional.of(value);
    }

    List<String> origins(String key) {
        String value = config.getString(key).strip();
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> origins = new ArrayList<>();
        for (String origin : value.split(",")) {
            String trimmed = origin.strip();
            if (!trimmed.equals("*") && !ORIGIN.matcher(trimmed).matches()) {
                throw invalid(key, "must be a comma-separated list of origins like https://dash.example.com"
                        + " or http://localhost:5173 (scheme and host, optional port, no path), or *", null);
            }
            origins.add(trimmed);
        }
        return origins;
    }

    /** IP address literals, comma-separated; never a host name, which would need a DNS lookup at start-up. */
    List<String> addresses(String key) {
        String value = config.getString(key).strip();
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> addresses = new ArrayList<>();
        for (String address : value.split(",", -1)) {
            String trimmed = address.strip();
            if (!IPV4.matcher(trimmed).matches() && !isIpv6(trimmed)) {
                throw invalid(key, "must be a comma-separated list of IP addresses like 10.0.0.5 or ::1"
                        + " (no host names, no ranges)", null);
            }
            addresses.add(trimmed);
        }
        return addresses;
    }

    private static boolean isIpv6(String text) {
        if (!IPV6.matcher(text).matches()) {
            return false;
        }
        try {
            // a literal with a colon is parsed, never looked up
            return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    long bytes(String key, long min, long max) {
        String rule = "must be a size from " + min + " to " + max + " bytes, such as 64KiB or 4MiB";
        long value;
        try {
            value = config.getBytes(key);
        } catch (ConfigException e) {
            throw invalid(key, rule, e);
        }
        if (value < min || value > max) {
            throw invalid(key, rule, null);
        }
        return value;
    }

    private InvalidSettingException invalid(String key, String rule, Throwable cause) {
        String raw = String.valueOf(config.getValue(key).unwrapped());
        String shown = SettingsLoader.isSecret(key) ? "<set>" : "\"" + (key.endsWith(".uri") ? SettingsLoader.maskPassword(raw) : raw) + "\"";
        return new InvalidSettingException(key + " (" + SettingsLoader.environmentVariable(key) + ")", shown, rule, cause);
    }
}

