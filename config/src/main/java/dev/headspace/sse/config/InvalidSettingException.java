package dev.headspace.sse.config;

/** A setting that cannot be used; the message names the key, the bad value and the rule. */
public final class InvalidSettingException extends RuntimeException {

    private final String key;

    InvalidSettingException(String key, String value, String rule) {
        super("invalid setting " + key + " = " + value + ": " + rule);
        this.key = key;
    }

    InvalidSettingException(String key, String value, String rule, Throwable cause) {
        super("invalid setting " + key + " = " + value + ": " + rule, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
