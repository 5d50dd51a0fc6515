package dev.headspace.sse.bootstrap.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.domain.ProjectId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless chromium for a test class, the servers a test starts (closed after it), and the ways the tests read the
 * page: what the dashboard's browser tests share.
 */
abstract class BrowserTest {

    static final ProjectId PROJECT = new ProjectId("proj-a");
    static final Pattern SECONDS = Pattern.compile("for (\\d+)s");
    static ChromeDriver browser;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        if (browser != null) {
            List<String> handles = new ArrayList<>(browser.getWindowHandles());
            for (int i = 1; i < handles.size(); i++) {
                browser.switchTo().window(handles.get(i)).close();
            }
            browser.switchTo().window(handles.get(0)).get("about:blank");
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }


    DashboardServer server(Map<String, String> overrides) {
        DashboardServer server = DashboardServer.start(overrides);
        closing.add(server);
        return server;
    }

    TcpProxy proxy(int port) throws Exception {
        TcpProxy proxy = new TcpProxy(port);
        closing.add(proxy);
        return proxy;
    }

    static void open(String url) {
        browser.get(url);
        await(Duration.ofSeconds(5), () -> "open".equals(indicatorState()));
    }

    static void await(Duration timeout, BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(25)).until(driver -> condition.getAsBoolean());
    }

    /** Polls a condition that switches tabs itself, without WebDriverWait's hold on one window. */
    static void awaitAcrossTabs(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", timeout).isLessThan(deadline);
        }
    }

    static String role(String tab) {
        browser.switchTo().window(tab);
        return (String) browser.executeScript("return window.headspaceSse && window.headspaceSse.role");
    }

    static String indicatorState() {
        return (String) browser.executeScript("var e = document.getElementById('indicator');"
                + " return e ? e.dataset.state : null");
    }

    static String cardState(String agent) {
        return (String) browser.executeScript("var card = document.querySelector("
                + "'#agents [data-agent-id=\"' + arguments[0] + '\"]'); return card ? card.dataset.state : null", agent);
    }

    static String text(String selector) {
        return (String) browser.executeScript("var e = document.querySelector(arguments[0]);"
                + " return e ? e.textContent.trim() : null", selector);
    }

    /** The log rows whose text is exactly this, newest first. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rowsWith(String summary) {
        return (List<Map<String, Object>>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#event-rows tr.event')).filter(r => r.lastElementChild.textContent === arguments[0]).map(r => ("
                + "{id: r.dataset.id, type: r.dataset.type, receivedAt: r.dataset.receivedAt}))", summary);
    }

    /** The texts of the message rows that start with this prefix, oldest first. */
    @SuppressWarnings("unchecked")
    static List<String> messages(String prefix) {
        List<String> newestFirst = (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#event-rows tr.event')).map(r => r.lastElementChild.textContent)"
                + ".filter(t => t.startsWith(arguments[0]))", prefix);
        return IntStream.range(0, newestFirst.size()).mapToObj(i -> newestFirst.get(newestFirst.size() - 1 - i))
                .toList();
    }

    static void clear(WebElement input) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    }

    static long rowCount() {
        return (Long) browser.executeScript("return document.querySelectorAll('#event-rows tr.event').length");
    }

    /** The types of the log rows on screen (not hidden by a filter), newest first. */
    @SuppressWarnings("unchecked")
    static List<String> visibleTypes() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#event-rows tr.event')).filter(r => r.getClientRects().length > 0).map(r => r.dataset.type)");
    }

    /** The newest row of this type: its summary's text and how many line boxes that text takes on screen. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> logLine(String type) {
        return (Map<String, Object>) browser.executeScript("var row = Array.from(document.querySelectorAll("
                + "'#event-rows tr.event')).find(r => r.dataset.type === arguments[0]);"
                + " var cell = row.lastElementChild;"
                + " var range = document.createRange(); range.selectNodeContents(cell);"
                + " var tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));"
                + " return {text: cell.textContent, lines: tops.size}", type);
    }

    /** The chart legend's value per event type (the x series left out). */
    @SuppressWarnings("unchecked")
    static Map<String, String> legendValues() {
        return (Map<String, String>) browser.executeScript("var out = {}; Array.from(document.querySelectorAll("
                + "'#chart .u-legend .u-series')).slice(1).forEach(s => out[s.querySelector('.u-label').textContent]"
                + " = s.querySelector('.u-value').textContent); return out");
    }

    static int secondsIn(String since) {
        Matcher m = SECONDS.matcher(since == null ? "" : since);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static int activeConnections(DashboardServer server) {
        try {
            return server.activeConnections();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
