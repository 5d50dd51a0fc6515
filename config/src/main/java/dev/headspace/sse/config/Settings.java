package dev.headspace.sse.config;

import java.util.Map;

/**
 * Every setting, read and checked at start-up.
 *
 * @param changed the keys whose values differ from reference.conf, with their values (secrets masked), for the
 *                start-up log line
 */
public record Settings(HttpSettings http, SseSettings sse, ReplaySettings replay, PublishSettings publish,
                       SubscribeSettings subscribe, ShutdownSettings shutdown, Map<String, String> changed,
                       BackendSettings backend) {

    public Settings {
        changed = Map.copyOf(changed);
    }

    /** Settings on the embedded event log. */
    public Settings(HttpSettings http, SseSettings sse, ReplaySettings replay, PublishSettings publish,
                    SubscribeSettings subscribe, ShutdownSettings shutdown, Map<String, String> changed) {
        this(http, sse, replay, publish, subscribe, shutdown, changed,
                new BackendSettings(BackendSettings.Type.MEMORY, java.util.Optional.empty()));
    }
}
