package dev.headspace.sse.adapter.http.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the client module's logic tests ({@code src/test/js}, Node's test runner against a fake stream) inside
 * {@code mvn verify}. Skipped when {@code node} is absent, unless {@code CI=true}: there it must run.
 */
@Timeout(90)
class SseClientJsTest {

    @Test
    void clientModule_passesItsLogicTests() throws Exception {
        Path node = onPath("node");
        if (node == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("node is not on the PATH and CI=true: install the Debian package nodejs");
            }
            assumeTrue(false, "node is not on the PATH: install the Debian package nodejs to run the client tests");
        }
        Path output = Files.createTempFile("sse-client-test", ".tap");
        try {
            Process process = new ProcessBuilder(node.toString(), "--test", "--test-force-exit",
                    "--test-timeout=10000", "src/test/js/")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the client tests did not finish within 60 s:\n" + Files.readString(output));
            }
            String tap = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(tap).isZero();
            assertThat(tap).contains("# fail 0").doesNotContain("# pass 0");
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static Path onPath(String name) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toRealPath();
            }
        }
        return null;
    }
}
