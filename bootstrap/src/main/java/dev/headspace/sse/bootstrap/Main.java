package dev.headspace.sse.bootstrap;

import dev.headspace.sse.config.InvalidSettingException;
import dev.headspace.sse.config.Settings;
import dev.headspace.sse.config.SettingsLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

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
        // SIGTERM and SIGINT end in a graceful shutdown and exit status 0; a plain shutdown hook would exit 143
        Signal.handle(new Signal("TERM"), signal -> stop(server));
        Signal.handle(new Signal("INT"), signal -> stop(server));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "headspace-shutdown"));
    }

    private static void stop(HeadspaceServer server) {
        LOG.info("stop signal received: shutting down");
        server.shutdown();
        System.exit(0);
    }
}
