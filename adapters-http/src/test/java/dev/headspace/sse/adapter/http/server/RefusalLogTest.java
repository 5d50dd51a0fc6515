package dev.headspace.sse.adapter.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.adapter.http.LogCapture;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RefusalLogTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RefusalLog log = new RefusalLog(Duration.ofMinutes(1), nanos::get);

    @Test
    void manyRefusalsOfOneAddress_inOneInterval_areOneLine_andTheNextIntervalsLineCountsThem() throws Exception {
        InetAddress flooder = InetAddress.getByName("198.51.100.1");
        try (LogCapture capture = new LogCapture()) {
            for (int i = 0; i < 1_000; i++) {
                log.refused(flooder, "it holds 64 open connections");
            }
            assertThat(capture.problems()).hasSize(1);

            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
            log.refused(flooder, "it holds 64 open connections");

            assertThat(capture.problems()).hasSize(2);
            assertThat(capture.problems().get(1)).contains("198.51.100.1").contains("999 more refused");
        }
    }

    @Test
    void eachAddress_getsItsOwnLine() throws Exception {
        try (LogCapture capture = new LogCapture()) {
            log.refused(InetAddress.getByName("198.51.100.1"), "why");
            log.refused(InetAddress.getByName("198.51.100.2"), "why");
            log.refused(InetAddress.getByName("198.51.100.1"), "why");

            assertThat(capture.problems()).hasSize(2);
        }
    }
}
