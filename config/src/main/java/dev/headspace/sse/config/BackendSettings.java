package dev.headspace.sse.config;

import java.util.Optional;

/**
 * Where the node's event log lives.
 *
 * @param type  {@link Type#MEMORY} (the default: one node, its own log) or {@link Type#REDIS} (several nodes, one log)
 * @param redis present exactly when the type is {@link Type#REDIS}
 */
public record BackendSettings(Type type, Optional<RedisSettings> redis) {

    /** The kinds of event log. */
    public enum Type { MEMORY, REDIS }

    public BackendSettings {
        if ((type == Type.REDIS) != redis.isPresent()) {
            throw new IllegalArgumentException("'redis' settings must be given exactly for the redis backend");
        }
    }
}
