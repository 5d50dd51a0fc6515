package dev.headspace.sse.config;

/**
 * The event log on one Redis Stream, shared by every node of a deployment.
 *
 * @param uri          where Redis is, {@code redis://[:password@]host[:port][/db]} (or {@code rediss://})
 * @param streamKey    the stream's key; its companion keys share it as a prefix
 * @param maxLen       entries the stream keeps (trimmed approximately); a client that missed more must resync
 * @param outboxEvents events of in-process producers kept, in order, while Redis cannot be reached
 */
public record RedisSettings(String uri, String streamKey, int maxLen, int outboxEvents) {

    @Override
    public String toString() {
        return "RedisSettings[uri=" + SettingsLoader.maskPassword(uri) + ", streamKey=" + streamKey + ", maxLen="
                + maxLen + ", outboxEvents=" + outboxEvents + "]";
    }
}
