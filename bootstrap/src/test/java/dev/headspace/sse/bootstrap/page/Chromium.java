package dev.headspace.sse.bootstrap.page;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's chromium and chromium-driver from the PATH, headless, with a fresh profile; nothing is downloaded (the
 * driver and the browser are both named, so Selenium Manager has nothing to find). Absent: the test is skipped,
 * naming both packages, unless {@code CI=true}, where it fails.
 */
final class Chromium {

    private Chromium() {
    }

    static ChromeDriver start() throws Exception {
        Path browser = onPath("chromium");
        Path driver = onPath("chromedriver");
        if (browser == null || driver == null) {
            String why = "the browser tests need Debian's packages chromium and chromium-driver"
                    + " (apt-get install -y chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + "; CI=true, so they may not be skipped");
            }
            assumeTrue(false, why);
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        profile.toFile().deleteOnExit();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        System.setProperty("webdriver.chrome.driver", driver.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return List.of(Path.of("/usr/bin", name)).stream().filter(Files::isExecutable).findFirst().orElse(null);
    }
}
