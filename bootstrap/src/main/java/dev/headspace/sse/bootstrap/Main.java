package dev.headspace.sse.bootstrap;

import dev.headspace.sse.config.InvalidSettingException;
import dev.headspace.sse.config.Settings;
import dev.headspace.sse.config.SettingsLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts headspace-sse with the settings from reference.conf and the environment. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = SettingsLoader.load();
        } catch (InvalidSettingException e) {
            LOG.error("cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        HeadspaceServer server = HeadspaceComponent.create(settings).server();
        try {
            server.start();
        } catch (RuntimeException e) {
            LOG.error("cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        // SIGTERM and SIGINT run the shutdown hooks: this one ends every stream with its final event, then halts with
        // status 0, since the graceful stop is the expected way to end the service (without the halt: 143 / 130)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stop signal received: shutting down");
            server.shutdown();
            Runtime.getRuntime().halt(0);
        }, "headspace-shutdown"));
    }
}
