package dev.headspace.sse.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads reference.conf with the environment's {@code HEADSPACE_*} overrides into settings records, eagerly, so that
 * a bad value stops the start with the key, the value and the rule instead of failing later.
 */
public final class SettingsLoader {

    private static final String ROOT = "headspace";
    private static final Pattern REDIS_URI =
            Pattern.compile("rediss?://([^@/\\s]*@)?[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[0-9]{1,2})?");

    private SettingsLoader() {
    }

    /** Loads with the process environment. */
    public static Settings load() {
        return load(System.getenv());
    }

    /** Loads with the given variables standing in for the environment (tests pass their own). */
    public static Settings load(Map<String, String> environment) {
        Config defaults = resolve(Map.of());
        Config config = resolve(environment);
        Reader reader = new Reader(config);
        SseSettings sse = new SseSettings(
                reader.positiveDuration("headspace.sse.heartbeat-interval"),
                reader.integer("headspace.sse.max-connections", 1, 1_000_000),
                reader.positiveDuration("headspace.sse.stale-timeout"),
                reader.positiveDuration("headspace.sse.retry-after"),
                reader.positiveDuration("headspace.sse.retry"),
                reader.duration("headspace.sse.retry-jitter", false),
                reader.integer("headspace.sse.client-queue-events", 1, 10_000_000),
                reader.bytes("headspace.sse.client-queue-bytes", 1024, 1L << 32),
                reader.positiveDuration("headspace.sse.stall-timeout"),
                reader.wholeMillis("headspace.sse.coalesce-window", 100),
                reader.bytes("headspace.sse.socket-send-buffer", 0, 16L << 20));
        ReplaySettings replay = new ReplaySettings(
                reader.integer("headspace.sse.replay-capacity", 0, 10_000_000),
                reader.bytes("headspace.sse.replay-max-bytes", 1024, 1L << 40),
                reader.positiveDuration("headspace.sse.replay-max-age"),
                reader.integer("headspace.sse.replay-max-events", 0, 1_000_000));
        Settings settings = new Settings(
                new HttpSettings(
                        reader.string("headspace.http.host", s -> s.isBlank() ? "must not be empty" : null),
                        reader.integer("headspace.http.port", 0, 65_535),
                        reader.origins("headspace.http.cors-origins"),
                        new HttpLimits(
                                reader.positiveDuration("headspace.http.request-parse-timeout"),
                                reader.positiveDuration("headspace.http.no-request-timeout"),
                                (int) reader.bytes("headspace.http.max-header-size", 1024, 1L << 20),
                                (int) reader.bytes("headspace.http.max-url-size", 256, 1L << 20),
                                reader.integer("headspace.http.max-connections-per-address", 0, 1_000_000),
                                reader.integer("headspace.http.max-sockets", 0, 10_000_000),
                                reader.addresses("headspace.http.trusted-proxies")),
                        reader.integer("headspace.http.io-threads", 0, 1_024)),
                sse,
                replay,
                new PublishSettings(reader.secret("headspace.publish.token"),
                        reader.bytes("headspace.publish.max-bytes", 256, 64L << 20)),
                new SubscribeSettings(reader.secret("headspace.subscribe.token")),
                new ShutdownSettings(reader.positiveDuration("headspace.shutdown.timeout")),
                changed(defaults, config),
                backend(reader, replay));
        return settings;
    }

    private static BackendSettings backend(Reader reader, ReplaySettings replay) {
        String type = reader.string("headspace.backend",
                s -> s.equals("memory") || s.equals("redis") ? null : "must be memory or redis");
        if (type.equals("memory")) {
            return new BackendSettings(BackendSettings.Type.MEMORY, Optional.empty());
        }
        String uri = reader.string("headspace.redis.uri", s -> REDIS_URI.matcher(s).matches() ? null
                : "must be redis://[:password@]host[:port][/db] or rediss://..., "
                        + "required with HEADSPACE_BACKEND=redis");
        String key = reader.string("headspace.redis.stream-key",
                s -> s.isBlank() || s.length() > 200 ? "must be 1 to 200 characters" : null);
        int minLen = Math.max(1, replay.capacity());
        int maxLen = reader.integer("headspace.redis.max-len", minLen, 100_000_000);
        int outbox = reader.integer("headspace.redis.outbox-events", 0, 10_000_000);
        return new BackendSettings(BackendSettings.Type.REDIS,
                Optional.of(new RedisSettings(uri, key, maxLen, outbox)));
    }

    /** The URI with any password replaced by {@code <set>}, for logs. */
    public static String maskPassword(String uri) {
        return uri.replaceFirst("^(rediss?://)([^@/]*:)?[^@/]+@", "$1$2<set>@");
    }

    /** The environment variable that overrides a key: {@code headspace.sse.max-connections -> HEADSPACE_SSE_MAX_CONNECTIONS}. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Config resolve(Map<String, String> environment) {
        Map<String, String> overrides = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("HEADSPACE_")) {
                overrides.put(name, value);
            }
        });
        Config reference = ConfigFactory.parseResources(SettingsLoader.class.getClassLoader(), "reference.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        try {
            // the variables sit at the root beside "headspace", where the ${?VAR} substitutions look them up
            return ConfigFactory.parseMap(overrides).withFallback(reference)
                    .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false))
                    .getConfig(ROOT).atPath(ROOT);
        } catch (ConfigException e) {
            throw new InvalidSettingException(ROOT, "?", e.getMessage(), e);
        }
    }

    private static Map<String, String> changed(Config defaults, Config config) {
        Map<String, String> changed = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue().unwrapped();
            if (!defaults.hasPath(key) || !sameValue(defaults, config, key)) {
                changed.put(key, isSecret(key) ? "<set>"
                        : key.endsWith(".uri") ? maskPassword(String.valueOf(value)) : String.valueOf(value));
            }
        }
        return changed;
    }

    /** Equal as written, or as the same duration or size written another way (30s and 30000ms). */
    private static boolean sameValue(Config defaults, Config config, String key) {
        String before = String.valueOf(defaults.getValue(key).unwrapped());
        String after = String.valueOf(config.getValue(key).unwrapped());
        if (before.equals(after)) {
            return true;
        }
        try {
            return defaults.getDuration(key).equals(config.getDuration(key));
        } catch (ConfigException notADuration) {
            try {
                return defaults.getBytes(key).equals(config.getBytes(key));
            } catch (ConfigException notASize) {
                return false;
            }
        }
    }

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("token") || lower.contains("password") || lower.contains("secret");
    }
}
