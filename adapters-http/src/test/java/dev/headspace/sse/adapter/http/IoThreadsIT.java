package dev.headspace.sse.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.adapter.http.testing.RawSseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The IO thread count setting, as the server's threads and its clients see it. */
class IoThreadsIT extends LiveServerTest {

    @Test
    void oneIoThread_servesEveryStreamFromThatOneThread() throws Exception {
        Set<String> before = ioThreadNames();
        TestServer server = server(TestServer.builder().ioThreads(1));
        List<RawSseClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(connect(server, "/api/events"));
        }
        String id = server.publish("to-all", "{}").id().toString();

        for (RawSseClient client : clients) {
            assertThat(client.nextEvent(WAIT).id()).isEqualTo(id);
        }
        Set<String> started = ioThreadNames();
        started.removeAll(before);
        assertThat(started).as("the IO threads this server started").hasSize(1);
    }

    @Test
    void byDefault_oneIoThreadPerCoreButOne_andAtLeastOne() {
        Set<String> before = ioThreadNames();
        server(TestServer.builder());

        Set<String> started = ioThreadNames();
        started.removeAll(before);
        assertThat(started).hasSize(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    /** XNIO names its IO threads "<worker> I/O-<n>". */
    private static Set<String> ioThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains(" I/O-")).collect(Collectors.toSet());
    }
}
