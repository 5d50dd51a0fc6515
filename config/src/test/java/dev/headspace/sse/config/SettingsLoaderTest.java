package dev.headspace.sse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every test passes its own map as the environment; the process environment is never read. */
@Timeout(10)
class SettingsLoaderTest {

    @Test
    void withoutOverrides_everySettingHasItsDefault() {
        Settings settings = SettingsLoader.load(Map.of());

        assertThat(settings.http().host()).isEqualTo("127.0.0.1");
        assertThat(settings.http().port()).isEqualTo(8080);
        assertThat(settings.sse().heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.sse().maxConnections()).isEqualTo(100);
        assertThat(settings.sse().staleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.sse().retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.sse().retry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.sse().retryJitter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.sse().clientQueueEvents()).isEqualTo(4096);
        assertThat(settings.sse().clientQueueBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(settings.sse().stallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.sse().coalesceWindow()).isEqualTo(Duration.ofMillis(3));
        assertThat(settings.replay().capacity()).isEqualTo(10_000);
        assertThat(settings.replay().maxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(settings.replay().maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.replay().maxEvents()).isEqualTo(1_000);
        assertThat(settings.shutdown().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.http().limits().requestParseTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.http().limits().noRequestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.http().limits().maxHeaderBytes()).isEqualTo(16 * 1024);
        assertThat(settings.http().limits().maxUrlBytes()).isEqualTo(8 * 1024);
        assertThat(settings.http().limits().maxConnectionsPerAddress()).isEqualTo(256);
        assertThat(settings.http().limits().maxSockets()).isZero();
        assertThat(settings.http().limits().trustedProxies()).isEmpty();
        assertThat(settings.changed()).isEmpty();
    }

    @Test
    void httpLimitsDefaults_inCode_areTheReferenceConfDefaults() {
        assertThat(SettingsLoader.load(Map.of()).http().limits()).isEqualTo(HttpLimits.defaults());
    }

    @Test
    void trustedProxies_areIpLiterals_andHostNamesOrRangesAreRefused() {
        assertThat(SettingsLoader.load(Map.of("HEADSPACE_HTTP_TRUSTED_PROXIES", " 10.0.0.5, ::1 ,fe80::1"))
                .http().limits().trustedProxies()).containsExactly("10.0.0.5", "::1", "fe80::1");
        for (String bad : new String[] {"proxy.internal", "10.0.0.0/8", "10.0.0.256", "10.0.0", "::g", "10.0.0.5,"}) {
            assertThatThrownBy(() -> SettingsLoader.load(Map.of("HEADSPACE_HTTP_TRUSTED_PROXIES", bad)))
                    .as(bad)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("invalid setting headspace.http.trusted-proxies (HEADSPACE_HTTP_TRUSTED_PROXIES) = \""
                            + bad + "\": must be a comma-separated list of IP addresses like 10.0.0.5 or ::1"
                            + " (no host names, no ranges)");
        }
    }

    @Test
    void variablesOutsideTheHeadspacePrefix_areIgnored() {
        Settings settings = SettingsLoader.load(Map.of("PATH", "/usr/bin", "HTTP_PORT", "1", "headspace_http_port", "2",
                "HOME", "/root"));

        assertThat(settings.http().port()).isEqualTo(8080);
        assertThat(settings.changed()).isEmpty();
    }

    static Stream<Arguments> everyOverride() {
        return Stream.of(
                override("headspace.http.host", "0.0.0.0", s -> s.http().host(), "0.0.0.0"),
                override("headspace.http.port", "9090", s -> s.http().port(), 9090),
                override("headspace.sse.heartbeat-interval", "15s", s -> s.sse().heartbeatInterval(),
                        Duration.ofSeconds(15)),
                override("headspace.sse.max-connections", "7", s -> s.sse().maxConnections(), 7),
                override("headspace.sse.stale-timeout", "2m", s -> s.sse().staleTimeout(), Duration.ofMinutes(2)),
                override("headspace.sse.retry-after", "750ms", s -> s.sse().retryAfter(), Duration.ofMillis(750)),
                override("headspace.sse.retry", "10s", s -> s.sse().retry(), Duration.ofSeconds(10)),
                override("headspace.sse.retry-jitter", "0s", s -> s.sse().retryJitter(), Duration.ZERO),
                override("headspace.sse.client-queue-events", "16", s -> s.sse().clientQueueEvents(), 16),
                override("headspace.sse.client-queue-bytes", "64KiB", s -> s.sse().clientQueueBytes(), 65_536L),
                override("headspace.sse.stall-timeout", "10s", s -> s.sse().stallTimeout(), Duration.ofSeconds(10)),
                override("headspace.sse.coalesce-window", "0ms", s -> s.sse().coalesceWindow(), Duration.ZERO),
                override("headspace.sse.replay-capacity", "0", s -> s.replay().capacity(), 0),
                override("headspace.sse.replay-max-bytes", "8MiB", s -> s.replay().maxBytes(), 8L << 20),
                override("headspace.sse.replay-max-age", "15m", s -> s.replay().maxAge(), Duration.ofMinutes(15)),
                override("headspace.sse.replay-max-events", "200", s -> s.replay().maxEvents(), 200),
                override("headspace.shutdown.timeout", "250ms", s -> s.shutdown().timeout(), Duration.ofMillis(250)),
                override("headspace.http.request-parse-timeout", "2s", s -> s.http().limits().requestParseTimeout(),
                        Duration.ofSeconds(2)),
                override("headspace.http.no-request-timeout", "30s", s -> s.http().limits().noRequestTimeout(),
                        Duration.ofSeconds(30)),
                override("headspace.http.max-header-size", "32KiB", s -> s.http().limits().maxHeaderBytes(), 32_768),
                override("headspace.http.max-url-size", "4KiB", s -> s.http().limits().maxUrlBytes(), 4_096),
                override("headspace.http.max-connections-per-address", "0",
                        s -> s.http().limits().maxConnectionsPerAddress(), 0),
                override("headspace.http.max-sockets", "5000", s -> s.http().limits().maxSockets(), 5_000),
                override("headspace.http.trusted-proxies", "10.0.0.5", s -> s.http().limits().trustedProxies(),
                        java.util.List.of("10.0.0.5")),
                override("headspace.http.io-threads", "1", s -> s.http().ioThreads(), 1));
    }

    private static Arguments override(String key, String value, Function<Settings, Object> read, Object expected) {
        return Arguments.of(key, value, read, expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("everyOverride")
    void eachVariable_overridesItsKey_andOnlyThatKeyIsReportedChanged(String key, String value,
                                                                      Function<Settings, Object> read,
                                                                      Object expected) {
        String variable = SettingsLoader.environmentVariable(key);

        Settings settings = SettingsLoader.load(Map.of(variable, value));

        assertThat(read.apply(settings)).isEqualTo(expected);
        assertThat(settings.changed()).containsOnlyKeys(key);
        assertThat(settings.changed().get(key)).isEqualTo(value);
    }

    @Test
    void overriddenKeys_areListedExactly_withTheirValues() {
        Settings settings = SettingsLoader.load(Map.of(
                "HEADSPACE_HTTP_PORT", "9191",
                "HEADSPACE_SSE_MAX_CONNECTIONS", "5",
                "HEADSPACE_SHUTDOWN_TIMEOUT", "1s",
                "UNRELATED", "x"));

        assertThat(settings.changed()).isEqualTo(Map.of(
                "headspace.http.port", "9191",
                "headspace.sse.max-connections", "5",
                "headspace.shutdown.timeout", "1s"));
        assertThat(settings.http().port()).isEqualTo(9191);
        assertThat(settings.sse().maxConnections()).isEqualTo(5);
        assertThat(settings.shutdown().timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.sse().heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void changed_cannotBeModified() {
        Settings settings = SettingsLoader.load(Map.of("HEADSPACE_HTTP_PORT", "9191"));

        assertThatThrownBy(() -> settings.changed().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void portZero_meansAnyFreePort_andIsAccepted() {
        assertThat(SettingsLoader.load(Map.of("HEADSPACE_HTTP_PORT", "0")).http().port()).isZero();
        assertThat(SettingsLoader.load(Map.of("HEADSPACE_HTTP_PORT", "65535")).http().port()).isEqualTo(65_535);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("headspace.http.port", "abc", "must be a whole number from 0 to 65535"),
                Arguments.of("headspace.http.port", "70000", "must be a whole number from 0 to 65535"),
                Arguments.of("headspace.http.port", "-1", "must be a whole number from 0 to 65535"),
                Arguments.of("headspace.http.port", "", "must be a whole number from 0 to 65535"),
                Arguments.of("headspace.http.port", "2147483648", "must be a whole number from 0 to 65535"),
                Arguments.of("headspace.sse.max-connections", "0", "must be a whole number from 1 to 1000000"),
                Arguments.of("headspace.sse.max-connections", "many", "must be a whole number from 1 to 1000000"),
                Arguments.of("headspace.sse.heartbeat-interval", "-1s",
                        "must be a positive duration such as 500ms, 30s or 5m"),
                Arguments.of("headspace.sse.heartbeat-interval", "soon",
                        "must be a positive duration such as 500ms, 30s or 5m"),
                Arguments.of("headspace.sse.heartbeat-interval", "0s",
                        "must be a positive duration such as 500ms, 30s or 5m"),
                Arguments.of("headspace.sse.stale-timeout", "0ms",
                        "must be a positive duration such as 500ms, 30s or 5m"),
                Arguments.of("headspace.sse.retry-after", "5 parsecs",
                        "must be a positive duration such as 500ms, 30s or 5m"),
                Arguments.of("headspace.sse.retry-jitter", "-5s",
                        "must be a duration of zero or more such as 0s, 500ms or 5m"),
                Arguments.of("headspace.sse.client-queue-events", "0", "must be a whole number from 1 to 10000000"),
                Arguments.of("headspace.sse.client-queue-bytes", "1000",
                        "must be a size from 1024 to 4294967296 bytes, such as 64KiB or 4MiB"),
                Arguments.of("headspace.sse.client-queue-bytes", "lots",
                        "must be a size from 1024 to 4294967296 bytes, such as 64KiB or 4MiB"),
                Arguments.of("headspace.sse.stall-timeout", "0s",
                        "must be a positive duration such as 500ms, 30s or 5m"),
                Arguments.of("headspace.sse.coalesce-window", "1500us", "must be whole milliseconds from 0ms to 100ms"),
                Arguments.of("headspace.sse.coalesce-window", "1s", "must be whole milliseconds from 0ms to 100ms"),
                Arguments.of("headspace.sse.coalesce-window", "-1ms",
                        "must be a duration of zero or more such as 0s, 500ms or 5m"),
                Arguments.of("headspace.sse.replay-capacity", "-1", "must be a whole number from 0 to 10000000"),
                Arguments.of("headspace.sse.replay-max-bytes", "1KB?",
                        "must be a size from 1024 to 1099511627776 bytes, such as 64KiB or 4MiB"),
                Arguments.of("headspace.sse.replay-max-age", "0m",
                        "must be a positive duration such as 500ms, 30s or 5m"),
                Arguments.of("headspace.sse.replay-max-events", "-5", "must be a whole number from 0 to 1000000"),
                Arguments.of("headspace.shutdown.timeout", "forever",
                        "must be a positive duration such as 500ms, 30s or 5m"),
                Arguments.of("headspace.http.request-parse-timeout", "0s",
                        "must be a positive duration such as 500ms, 30s or 5m"),
                Arguments.of("headspace.http.no-request-timeout", "5",
                        "must be a positive duration such as 500ms, 30s or 5m (with its unit)"),
                Arguments.of("headspace.http.max-header-size", "100",
                        "must be a size from 1024 to 1048576 bytes, such as 64KiB or 4MiB"),
                Arguments.of("headspace.http.max-url-size", "2MiB",
                        "must be a size from 256 to 1048576 bytes, such as 64KiB or 4MiB"),
                Arguments.of("headspace.http.max-connections-per-address", "-1",
                        "must be a whole number from 0 to 1000000"),
                Arguments.of("headspace.http.max-sockets", "lots", "must be a whole number from 0 to 10000000"),
                Arguments.of("headspace.http.io-threads", "-1", "must be a whole number from 0 to 1024"),
                Arguments.of("headspace.http.trusted-proxies", "proxy.local",
                        "must be a comma-separated list of IP addresses like 10.0.0.5 or ::1 (no host names, no ranges)"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void badValue_failsNamingKeyVariableValueAndRule(String key, String value, String rule) {
        String variable = SettingsLoader.environmentVariable(key);

        assertThatThrownBy(() -> SettingsLoader.load(Map.of(variable, value)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.getMessage()).contains(key, variable, "\"" + value + "\"", rule);
                    assertThat(e).hasMessage("invalid setting " + key + " (" + variable + ") = \"" + value + "\": "
                            + rule);
                    assertThat(e.key()).contains(key);
                });
    }

    @Test
    void fractionalNumber_isRefused_notSilentlyTruncated() {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("HEADSPACE_HTTP_PORT", "80.5")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("invalid setting headspace.http.port (HEADSPACE_HTTP_PORT) = \"80.5\": "
                        + "must be a whole number from 0 to 65535");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("HEADSPACE_SSE_MAX_CONNECTIONS", "1.9")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("invalid setting headspace.sse.max-connections (HEADSPACE_SSE_MAX_CONNECTIONS) = \"1.9\": "
                        + "must be a whole number from 1 to 1000000");
    }

    @Test
    void emptyHost_isRefused() {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("HEADSPACE_HTTP_HOST", " ")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("headspace.http.host")
                .hasMessageContaining("HEADSPACE_HTTP_HOST")
                .hasMessageContaining("must not be empty");
    }

    @Test
    void theFirstBadKey_stopsTheLoad_evenWhenOthersAreFine() {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("HEADSPACE_HTTP_PORT", "8081",
                "HEADSPACE_SSE_MAX_CONNECTIONS", "none")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("headspace.sse.max-connections");
    }

    @Test
    void environmentVariable_isTheKeyUppercased_withDotsAndDashesAsUnderscores() {
        assertThat(SettingsLoader.environmentVariable("headspace.sse.max-connections"))
                .isEqualTo("HEADSPACE_SSE_MAX_CONNECTIONS");
        assertThat(SettingsLoader.environmentVariable("headspace.http.port")).isEqualTo("HEADSPACE_HTTP_PORT");
        assertThat(SettingsLoader.environmentVariable("headspace.sse.client-queue-bytes"))
                .isEqualTo("HEADSPACE_SSE_CLIENT_QUEUE_BYTES");
    }

    @Test
    void secretKeys_areRecognisedByName() {
        assertThat(SettingsLoader.isSecret("headspace.redis.password")).isTrue();
        assertThat(SettingsLoader.isSecret("headspace.publish.Token")).isTrue();
        assertThat(SettingsLoader.isSecret("headspace.webhook.secret")).isTrue();
        assertThat(SettingsLoader.isSecret("headspace.http.port")).isFalse();
    }

    @Test
    void durationWithoutUnit_isRefused_ratherThanReadAsMilliseconds() {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("HEADSPACE_SSE_HEARTBEAT_INTERVAL", "30")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("HEADSPACE_SSE_HEARTBEAT_INTERVAL")
                .hasMessageContaining("with its unit");
    }

    @Test
    void defaultValueWrittenAnotherWay_isNotReportedAsChanged() {
        Settings settings = SettingsLoader.load(Map.of("HEADSPACE_HTTP_PORT", "8080",
                "HEADSPACE_SSE_HEARTBEAT_INTERVAL", "30000ms", "HEADSPACE_SSE_CLIENT_QUEUE_BYTES", "4096KiB"));

        assertThat(settings.changed()).isEmpty();
    }

    @Test
    void tokens_areMaskedInChanged_andTooShortTokensAreRefused() {
        Settings settings = SettingsLoader.load(Map.of("HEADSPACE_PUBLISH_TOKEN", "a-long-enough-secret-1"));

        assertThat(settings.changed()).containsEntry("headspace.publish.token", "<set>");
        assertThat(settings.publish().token()).contains("a-long-enough-secret-1");
        assertThat(settings.publish().toString()).doesNotContain("a-long-enough-secret-1");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("HEADSPACE_SUBSCRIBE_TOKEN", "short")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("HEADSPACE_SUBSCRIBE_TOKEN")
                .hasMessageNotContaining("short\"");
    }

    @Test
    void corsOrigins_areParsed_andMalformedOnesRefused() {
        assertThat(SettingsLoader.load(Map.of("HEADSPACE_HTTP_CORS_ORIGINS",
                "https://dash.example.com, http://localhost:5173")).http().corsOrigins())
                .containsExactly("https://dash.example.com", "http://localhost:5173");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("HEADSPACE_HTTP_CORS_ORIGINS", "dash.example.com/x")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("HEADSPACE_HTTP_CORS_ORIGINS");
    }

    @Test
    void backend_isMemoryByDefault_withNoRedisSettings() {
        BackendSettings backend = SettingsLoader.load(Map.of()).backend();

        assertThat(backend.type()).isEqualTo(BackendSettings.Type.MEMORY);
        assertThat(backend.redis()).isEmpty();
    }

    @Test
    void redisBackend_readsItsSettings_andMasksThePasswordInChanged() {
        Settings settings = SettingsLoader.load(Map.of("HEADSPACE_BACKEND", "redis",
                "HEADSPACE_REDIS_URI", "redis://:s3cret-pass@redis.internal:6380/2",
                "HEADSPACE_REDIS_MAX_LEN", "50000", "HEADSPACE_REDIS_OUTBOX_EVENTS", "500"));

        RedisSettings redis = settings.backend().redis().orElseThrow();
        assertThat(settings.backend().type()).isEqualTo(BackendSettings.Type.REDIS);
        assertThat(redis.uri()).isEqualTo("redis://:s3cret-pass@redis.internal:6380/2");
        assertThat(redis.streamKey()).isEqualTo("headspace:events");
        assertThat(redis.maxLen()).isEqualTo(50_000);
        assertThat(redis.outboxEvents()).isEqualTo(500);
        assertThat(settings.changed()).containsEntry("headspace.redis.uri", "redis://:<set>@redis.internal:6380/2")
                .containsEntry("headspace.backend", "redis");
        assertThat(settings.changed().toString() + redis).doesNotContain("s3cret-pass");
    }

    static Stream<Arguments> badBackendValues() {
        return Stream.of(
                Arguments.of(Map.of("HEADSPACE_BACKEND", "postgres"), "headspace.backend (HEADSPACE_BACKEND) = "
                        + "\"postgres\": must be memory or redis"),
                Arguments.of(Map.of("HEADSPACE_BACKEND", "redis"), "headspace.redis.uri (HEADSPACE_REDIS_URI) = \"\": "
                        + "must be redis://[:password@]host[:port][/db] or rediss://..., required with "
                        + "HEADSPACE_BACKEND=redis"),
                Arguments.of(Map.of("HEADSPACE_BACKEND", "redis", "HEADSPACE_REDIS_URI", "http://:pw-9@host"),
                        "headspace.redis.uri (HEADSPACE_REDIS_URI) = \"http://:pw-9@host\""),
                Arguments.of(Map.of("HEADSPACE_BACKEND", "redis", "HEADSPACE_REDIS_URI", "redis://localhost",
                        "HEADSPACE_REDIS_MAX_LEN", "500"), "headspace.redis.max-len (HEADSPACE_REDIS_MAX_LEN) = "
                        + "\"500\": must be a whole number from 10000 to 100000000"),
                Arguments.of(Map.of("HEADSPACE_BACKEND", "redis", "HEADSPACE_REDIS_URI", "redis://localhost",
                        "HEADSPACE_REDIS_OUTBOX_EVENTS", "-1"), "headspace.redis.outbox-events "
                        + "(HEADSPACE_REDIS_OUTBOX_EVENTS) = \"-1\": must be a whole number from 0 to 10000000"));
    }

    @ParameterizedTest
    @MethodSource("badBackendValues")
    void badBackendSetting_failsNamingKeyVariableValueAndRule(Map<String, String> environment, String message) {
        assertThatThrownBy(() -> SettingsLoader.load(environment))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aBadRedisUri_neverShowsItsPassword() {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("HEADSPACE_BACKEND", "redis",
                "HEADSPACE_REDIS_URI", "redis://:hunter2-pass@bad host")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("HEADSPACE_REDIS_URI")
                .hasMessageNotContaining("hunter2-pass");
    }
}
