package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.headspace.sse.adapter.http.testing.RawSseClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What a crowd of clients leaves in the log: resyncs one DEBUG line per client, counted in the metrics. */
class QuietLogsIT extends LiveServerTest {

    @Test
    void resyncs_areLoggedAtDebugPerClient_andCountedInMetrics() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.headspace.sse.application.SubscribeService");
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.DEBUG);
        try {
            TestServer server = server(TestServer.builder());
            for (int i = 0; i < 20; i++) {
                RawSseClient client = connect(server, "/api/events",
                        Map.of("Last-Event-ID", "not-an-id-" + "x".repeat(500)));
                assertThat(client.nextEvent(WAIT).event()).isEqualTo("resync");
            }

            List<ILoggingEvent> resyncs;
            synchronized (lines.list) {
                resyncs = lines.list.stream().filter(e -> e.getFormattedMessage().contains("resync")).toList();
            }
            assertThat(resyncs).hasSize(20).allSatisfy(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(line.getFormattedMessage()).hasSizeLessThan(300);
            });
            String metrics = connect(server, "/metrics").body(WAIT);
            assertThat(metrics).contains("headspace_sse_resyncs_total{reason=\"malformed_id\"} 20.0");
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(before);
        }
    }
}
