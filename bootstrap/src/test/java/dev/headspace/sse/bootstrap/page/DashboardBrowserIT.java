package dev.headspace.sse.bootstrap.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.events.AgentStateMachine;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.Trigger;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless chromium through chromedriver) against the Dagger-wired service,
 * with a TCP proxy in front where the network has to fail: the acceptance of issue 11.
 */
@Timeout(60)
class DashboardBrowserIT {

    private static final ProjectId PROJECT = new ProjectId("proj-a");
    private static final Pattern SECONDS = Pattern.compile("for (\\d+)s");
    private static ChromeDriver browser;
    private final List<AutoCloseable> closing = new ArrayList<>();

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

    @Test
    void page_opensOneStream_showsAPublishedEventWithin1s_asText_andAStateMachineMoveChangesTheCard() throws Exception {
        browser.manage().logs().get(LogType.BROWSER); // reading empties it: only this test's entries count
        DashboardServer server = server(Map.of());
        AgentStateMachine machine = server.component.agentStateMachine();
        machine.apply(PROJECT, new AgentId("agent-1"), Trigger.parse("user:command"));

        open("http://127.0.0.1:" + server.port() + "/");
        assertThat(cardState("agent-1")).isEqualTo("commanded");
        await(Duration.ofSeconds(2), () -> activeConnections(server) == 1);

        String markup = "<img src=x onerror=\"window.pwned=1\"> hello <b>bold</b>";
        long published = System.currentTimeMillis();
        String id = server.publishMessage(markup);
        await(Duration.ofSeconds(2), () -> rowsWith(markup).size() == 1);
        Map<String, Object> row = rowsWith(markup).get(0);
        assertThat(row.get("id")).isEqualTo(id);
        assertThat(row.get("type")).isEqualTo("message");
        assertThat(Long.parseLong((String) row.get("receivedAt")) - published).isLessThanOrEqualTo(1000);
        assertThat(browser.executeScript("return document.querySelectorAll('#event-rows img, #event-rows b').length"
                + " + (window.pwned ? 100 : 0)")).isEqualTo(0L);

        machine.apply(PROJECT, new AgentId("agent-1"), Trigger.parse("agent:question"));
        await(Duration.ofSeconds(1), () -> "awaiting_input".equals(cardState("agent-1")));
        assertThat(text("#count-input")).isEqualTo("1");
        assertThat(activeConnections(server)).isEqualTo(1);

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    @Test
    void aPublishedStateTransition_changesTheCardWithin1s() throws Exception {
        DashboardServer server = server(Map.of());
        open("http://127.0.0.1:" + server.port() + "/");

        // the card is the agents view's (the fragment htmx fetches again), so this needs the view to follow the
        // stream whoever published the move
        server.publish("{\"type\":\"state_transition\",\"project_id\":\"proj-a\",\"agent_id\":\"agent-7\",\"data\":"
                + "{\"agent_id\":\"agent-7\",\"task_id\":\"task-7\",\"from_state\":\"idle\",\"to_state\":\"commanded\","
                + "\"trigger\":\"user:command\"}}");

        await(Duration.ofSeconds(1), () -> "commanded".equals(cardState("agent-7")));
        assertThat(server.get("/api/agents?project_id=proj-a").body()).contains("\"agent_id\":\"agent-7\"");
    }

    @Test
    void proxyCutsTheStream_while20EventsArePublished_eachShowsOnceInOrder_withinRetryPlus2s() throws Exception {
        DashboardServer server = server(Map.of());
        TcpProxy proxy = proxy(server.port());
        open("http://127.0.0.1:" + proxy.port() + "/");
        server.publishMessage("before the cut");
        await(Duration.ofSeconds(2), () -> rowsWith("before the cut").size() == 1);

        proxy.cut();
        await(Duration.ofSeconds(2), () -> !"open".equals(indicatorState()));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add("cut-" + i);
            server.publishMessage("cut-" + i);
        }
        proxy.release();

        // retry: is 300 ms + up to 200 ms of jitter here
        await(Duration.ofMillis(500 + 2000), () -> messages("cut-").size() >= 20);
        assertThat(messages("cut-")).containsExactlyElementsOf(sent);
        assertThat(indicatorState()).isEqualTo("open");
    }

    @Test
    void serverRestartBehindTheProxy_reconnectingThenResynced_stateReloaded_laterEventsOnce() throws Exception {
        DashboardServer first = DashboardServer.start(Map.of());
        TcpProxy proxy = proxy(first.port());
        first.component.agentStateMachine().apply(PROJECT, new AgentId("agent-1"), Trigger.parse("user:command"));
        open("http://127.0.0.1:" + proxy.port() + "/");
        assertThat(cardState("agent-1")).isEqualTo("commanded");

        first.close();
        await(Duration.ofSeconds(3), () -> "reconnecting".equals(indicatorState()));
        assertThat(text("#indicator")).startsWith("server restarting, reconnecting in");
        DashboardServer second = server(Map.of());
        second.component.agentStateMachine().apply(PROJECT, new AgentId("agent-9"), Trigger.parse("user:command"));
        proxy.target(second.port());

        await(Duration.ofSeconds(10), () -> "resynced".equals(indicatorState()));
        await(Duration.ofSeconds(2), () -> "commanded".equals(cardState("agent-9")) && cardState("agent-1") == null);
        assertThat(text("#event-rows tr.gap")).contains("unknown_id");
        List<String> sent = List.of("after-0", "after-1", "after-2");
        for (String message : sent) {
            second.publishMessage(message);
        }
        await(Duration.ofSeconds(2), () -> messages("after-").size() >= 3);
        assertThat(messages("after-")).containsExactlyElementsOf(sent);
    }

    @Test
    void atCapacity_thePageSaysSo_reconnectsWhenASlotFrees_andLosesNothing() throws Exception {
        DashboardServer server = server(Map.of("HEADSPACE_SSE_MAX_CONNECTIONS", "1"));
        Socket holder = new Socket(InetAddress.getLoopbackAddress(), server.port());
        closing.add(holder);
        holder.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        holder.getOutputStream().flush();
        holder.setSoTimeout(5000);
        InputStream in = holder.getInputStream();
        assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

        browser.get("http://127.0.0.1:" + server.port() + "/");
        await(Duration.ofSeconds(5), () -> "at_capacity".equals(indicatorState()));
        assertThat(text("#indicator")).startsWith("server full, reconnecting in");
        List<String> sent = List.of("full-0", "full-1");
        for (String message : sent) {
            server.publishMessage(message);
        }

        holder.close();
        await(Duration.ofSeconds(10), () -> "open".equals(indicatorState()));
        await(Duration.ofSeconds(2), () -> messages("full-").size() >= 2);
        assertThat(messages("full-")).containsExactlyElementsOf(sent);
    }

    @Test
    void fiveTabs_shareOneConnection_eventReachesAllWithin1s_closingTheHolderHandsOverWithin2s() throws Exception {
        DashboardServer server = server(Map.of());
        String url = "http://127.0.0.1:" + server.port() + "/";
        List<String> tabs = new ArrayList<>();
        open(url);
        tabs.add(browser.getWindowHandle());
        for (int i = 1; i < 5; i++) {
            browser.switchTo().newWindow(WindowType.TAB);
            open(url);
            tabs.add(browser.getWindowHandle());
        }
        await(Duration.ofSeconds(2), () -> activeConnections(server) == 1);

        long published = System.currentTimeMillis();
        server.publishMessage("to every tab");
        for (String tab : tabs) {
            browser.switchTo().window(tab);
            await(Duration.ofSeconds(2), () -> rowsWith("to every tab").size() == 1);
            assertThat(Long.parseLong((String) rowsWith("to every tab").get(0).get("receivedAt")) - published)
                    .as("tab %s", tab).isLessThanOrEqualTo(1000);
        }
        assertThat(activeConnections(server)).isEqualTo(1);

        String holder = tabs.stream().filter(tab -> "leader".equals(role(tab))).findFirst().orElseThrow();
        browser.switchTo().window(holder).close();
        tabs.remove(holder);
        long closed = System.nanoTime();
        List<String> sent = List.of("handover-0", "handover-1", "handover-2");
        for (String message : sent) {
            server.publishMessage(message);
        }
        awaitAcrossTabs(Duration.ofSeconds(2), () -> tabs.stream().anyMatch(tab -> "leader".equals(role(tab))));
        assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        for (String tab : tabs) {
            browser.switchTo().window(tab);
            await(Duration.ofSeconds(3), () -> messages("handover-").size() >= 3);
            assertThat(messages("handover-")).as("tab %s", tab).containsExactlyElementsOf(sent);
            assertThat(rowsWith("to every tab")).hasSize(1);
        }
        await(Duration.ofSeconds(2), () -> activeConnections(server) == 1);
    }

    @Test
    void withoutTheSubscriberToken_thePageSaysNotAuthorized_withTheServersMessage_andStopsRetrying() throws Exception {
        DashboardServer server = server(Map.of("HEADSPACE_SUBSCRIBE_TOKEN", "dashboard-subscribe-token"));
        TcpProxy proxy = proxy(server.port());
        String message = new ObjectMapper().readTree(server.get("/api/events").body()).get("message").asText();

        browser.get("http://127.0.0.1:" + proxy.port() + "/");
        await(Duration.ofSeconds(5), () -> "unauthorized".equals(indicatorState()));
        assertThat(text("#indicator")).isEqualTo("not authorized: " + message);
        assertThat(browser.findElement(By.id("indicator")).getAttribute("aria-live")).isEqualTo("polite");
        assertThat(proxy.requests("/api/events")).hasSize(1);
        // a stream that never opened retries within 1 s (full jitter under the 1 s base): 1.5 s without one is a stop
        Awaitility.await("no second /api/events request").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> proxy.requests("/api/events").size() == 1);
        assertThat(text("#indicator")).isEqualTo("not authorized: " + message);
    }

    @Test
    void logFilters_byTypeProjectAndAgent_narrowTheRows_clearingRestoresThem_andEveryTypeIsShown() throws Exception {
        DashboardServer server = server(Map.of());
        open("http://127.0.0.1:" + server.port() + "/");
        server.publishAll(List.of(
                DashboardServer.event("message", "proj-a", "agent-1", "message", "hello"),
                DashboardServer.event("build.done", "proj-b", "agent-2", "ok", true),
                DashboardServer.event("lint-warning", "proj-a", "agent-2", "file", "Main.java"),
                DashboardServer.event("session_ended", "proj-b", "agent-1", "session_uuid", "s-1", "reason", "exit")));
        List<String> all = List.of("message", "build.done", "lint-warning", "session_ended");
        await(Duration.ofSeconds(2), () -> visibleTypes().size() == 4);
        assertThat(visibleTypes()).containsExactlyInAnyOrderElementsOf(all);

        WebElement type = browser.findElement(By.id("filter-type"));
        WebElement project = browser.findElement(By.id("filter-project"));
        WebElement agent = browser.findElement(By.id("filter-agent"));
        type.sendKeys("build");
        await(Duration.ofSeconds(1), () -> visibleTypes().equals(List.of("build.done")));
        clear(type);
        await(Duration.ofSeconds(1), () -> visibleTypes().size() == 4);

        project.sendKeys("proj-b");
        await(Duration.ofSeconds(1), () -> visibleTypes().size() == 2);
        assertThat(visibleTypes()).containsExactlyInAnyOrder("build.done", "session_ended");
        agent.sendKeys("agent-2");
        await(Duration.ofSeconds(1), () -> visibleTypes().equals(List.of("build.done")));
        // a row that arrives while a filter is set is shown only when it matches
        server.publishAll(List.of(DashboardServer.event("message", "proj-a", "agent-2", "message", "filtered out"),
                DashboardServer.event("deploy", "proj-b", "agent-2", "env", "prod")));
        await(Duration.ofSeconds(2), () -> rowCount() == 6);
        await(Duration.ofSeconds(1), () -> visibleTypes().size() == 2);
        assertThat(visibleTypes()).containsExactly("deploy", "build.done");

        clear(project);
        clear(agent);
        await(Duration.ofSeconds(1), () -> visibleTypes().size() == 6);
        assertThat(visibleTypes()).containsExactly("deploy", "message", "session_ended", "lint-warning", "build.done",
                "message");
    }

    @Test
    void theLog_keepsTheNewest500Rows_newestFirst() throws Exception {
        DashboardServer server = server(Map.of());
        open("http://127.0.0.1:" + server.port() + "/");
        List<Map<String, Object>> events = IntStream.range(0, 520)
                .mapToObj(i -> DashboardServer.event("message", "proj-a", "agent-1", "message", "cap-" + i)).toList();
        server.publishAll(events.subList(0, 260));
        server.publishAll(events.subList(260, 520));

        await(Duration.ofSeconds(5), () -> "cap-519".equals(text("#event-rows tr:first-child td:last-child")));
        assertThat(rowCount()).isEqualTo(500);
        assertThat(messages("cap-")).containsExactlyElementsOf(
                IntStream.range(20, 520).mapToObj(i -> "cap-" + i).toList());
    }

    @Test
    void theLogLine_isTheMessageOrText_elseCompactJson_oneLine_atMost200Characters() throws Exception {
        DashboardServer server = server(Map.of());
        open("http://127.0.0.1:" + server.port() + "/");
        String words = IntStream.range(0, 60).mapToObj(i -> "word" + (i % 10)).reduce((a, b) -> a + " " + b)
                .orElseThrow();
        String text = (words + " " + words).substring(0, 300);
        server.publishAll(List.of(
                DashboardServer.event("turn_note", "proj-a", "agent-1", "text", text),
                DashboardServer.event("message", "proj-a", "agent-1", "message", "first line\nsecond line",
                        "text", "not this"),
                DashboardServer.event("build.done", "proj-a", "agent-1", "ok", true, "tests", 42,
                        "tags", List.of("a", "b"), "by", Map.of("name", "ci")),
                DashboardServer.event("launch", "proj-a", "agent-1", "text", "\uD83D\uDE80".repeat(250))));
        await(Duration.ofSeconds(2), () -> rowCount() == 4);

        Map<String, Object> cut = logLine("turn_note");
        assertThat((String) cut.get("text")).hasSize(200).isEqualTo(text.substring(0, 199) + "\u2026");
        assertThat(cut.get("lines")).as("line boxes of the cut text").isEqualTo(1L);
        assertThat(logLine("message")).containsEntry("text", "first line second line").containsEntry("lines", 1L);
        assertThat(logLine("build.done"))
                .containsEntry("text", "{\"ok\":true,\"tests\":42,\"tags\":[\"a\",\"b\"],\"by\":{\"name\":\"ci\"}}");
        // 200 characters, not 200 UTF-16 units: no rocket is cut in half
        assertThat(logLine("launch")).containsEntry("text", "\uD83D\uDE80".repeat(199) + "\u2026");
    }

    @Test
    void timeInState_ticksWithoutAStateChange_andTheChartLegendCountsEventsPerType() throws Exception {
        DashboardServer server = server(Map.of());
        server.component.agentStateMachine().apply(PROJECT, new AgentId("agent-1"), Trigger.parse("user:command"));
        open("http://127.0.0.1:" + server.port() + "/");
        String since = "#agents [data-agent-id=\"agent-1\"] .since time";
        String stamp = browser.findElement(By.cssSelector(since)).getAttribute("datetime");
        await(Duration.ofSeconds(1), () -> SECONDS.matcher(text(since)).matches());
        int first = secondsIn(text(since));

        // none of these is a state_transition: the card is not fetched again, only its clock moves
        server.publishAll(List.of(
                DashboardServer.event("message", "proj-a", "agent-1", "message", "m-1"),
                DashboardServer.event("build.done", "proj-a", "agent-1", "ok", true),
                DashboardServer.event("message", "proj-a", "agent-1", "message", "m-2"),
                DashboardServer.event("build.done", "proj-a", "agent-1", "ok", false),
                DashboardServer.event("message", "proj-a", "agent-1", "message", "m-3")));
        await(Duration.ofMillis(2500), () -> secondsIn(text(since)) > first);
        assertThat(browser.findElement(By.cssSelector(since)).getAttribute("datetime")).isEqualTo(stamp);
        assertThat(cardState("agent-1")).isEqualTo("commanded");

        // without a cursor on the chart its legend gives each type's total over the window
        await(Duration.ofSeconds(2), () -> Map.of("message", "3", "build.done", "2").equals(legendValues()));
    }

    @Test
    void atPhoneWidth_thePageHasNoHorizontalScroll_andShowsTheCardsAndCounts() throws Exception {
        DashboardServer server = server(Map.of());
        AgentStateMachine machine = server.component.agentStateMachine();
        machine.apply(PROJECT, new AgentId("agent-1"), Trigger.parse("user:command"));
        machine.apply(PROJECT, new AgentId("agent-with-a-rather-long-name-0123456789"), Trigger.parse("user:command"));
        machine.apply(new ProjectId("proj-b"), new AgentId("agent-2"), Trigger.parse("user:command"));
        machine.apply(new ProjectId("proj-b"), new AgentId("agent-2"), Trigger.parse("agent:question"));
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 740, "deviceScaleFactor", 2, "mobile", true));
        try {
            open("http://127.0.0.1:" + server.port() + "/");
            server.publishAll(List.of(
                    DashboardServer.event("message", "proj-a", "agent-1", "message", "x".repeat(180)),
                    DashboardServer.event("build.done", "proj-b", "agent-2", "ok", true, "tests", 42),
                    DashboardServer.event("a-rather-long-event-type-name", "proj-a", "agent-1", "text", "hi")));
            await(Duration.ofSeconds(2), () -> rowCount() == 3);
            await(Duration.ofSeconds(3), () -> legendValues().size() == 3);

            @SuppressWarnings("unchecked")
            Map<String, Object> page = (Map<String, Object>) browser.executeScript("var cards = Array.from("
                    + "document.querySelectorAll('#agents .card, .counts li')).map(e => e.getBoundingClientRect());"
                    + " return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
                    + " shown: cards.filter(r => r.width > 0 && r.height > 0 && r.left >= 0"
                    + " && r.right <= window.innerWidth).length, all: cards.length,"
                    + " what: Array.from(document.querySelectorAll('#event-rows td.what'))"
                    + ".map(e => e.getBoundingClientRect()).filter(r => r.left >= 0 && r.left < window.innerWidth"
                    + " && r.width >= window.innerWidth / 2).length}");
            assertThat(page.get("inner")).isEqualTo(375L);
            assertThat((Long) page.get("scroll")).as("document width").isLessThanOrEqualTo(375L);
            assertThat(page.get("all")).as("3 cards and 3 counts").isEqualTo(6L);
            assertThat(page.get("shown")).as("within the width").isEqualTo(6L);
            assertThat(page.get("what")).as("summaries half the width or more, in view").isEqualTo(3L);
            assertThat(text("#count-input")).isEqualTo("1");
            assertThat(text("#count-working")).isEqualTo("2");
            assertThat(browser.findElement(By.id("count-input")).isDisplayed()).isTrue();

            Path shot = Path.of("target", "dashboard-phone.png");
            Files.createDirectories(shot.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    // ---- helpers

    private DashboardServer server(Map<String, String> overrides) {
        DashboardServer server = DashboardServer.start(overrides);
        closing.add(server);
        return server;
    }

    private TcpProxy proxy(int port) throws Exception {
        TcpProxy proxy = new TcpProxy(port);
        closing.add(proxy);
        return proxy;
    }

    private static void open(String url) {
        browser.get(url);
        await(Duration.ofSeconds(5), () -> "open".equals(indicatorState()));
    }

    private static void await(Duration timeout, BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(25)).until(driver -> condition.getAsBoolean());
    }

    /** Polls a condition that switches tabs itself, without WebDriverWait's hold on one window. */
    private static void awaitAcrossTabs(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", timeout).isLessThan(deadline);
        }
    }

    private static String role(String tab) {
        browser.switchTo().window(tab);
        return (String) browser.executeScript("return window.headspaceSse && window.headspaceSse.role");
    }

    private static String indicatorState() {
        return (String) browser.executeScript("var e = document.getElementById('indicator');"
                + " return e ? e.dataset.state : null");
    }

    private static String cardState(String agent) {
        return (String) browser.executeScript("var card = document.querySelector("
                + "'#agents [data-agent-id=\"' + arguments[0] + '\"]'); return card ? card.dataset.state : null", agent);
    }

    private static String text(String selector) {
        return (String) browser.executeScript("var e = document.querySelector(arguments[0]);"
                + " return e ? e.textContent.trim() : null", selector);
    }

    /** The log rows whose text is exactly this, newest first. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rowsWith(String summary) {
        return (List<Map<String, Object>>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#event-rows tr.event')).filter(r => r.lastElementChild.textContent === arguments[0]).map(r => ("
                + "{id: r.dataset.id, type: r.dataset.type, receivedAt: r.dataset.receivedAt}))", summary);
    }

    /** The texts of the message rows that start with this prefix, oldest first. */
    @SuppressWarnings("unchecked")
    private static List<String> messages(String prefix) {
        List<String> newestFirst = (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#event-rows tr.event')).map(r => r.lastElementChild.textContent)"
                + ".filter(t => t.startsWith(arguments[0]))", prefix);
        return IntStream.range(0, newestFirst.size()).mapToObj(i -> newestFirst.get(newestFirst.size() - 1 - i))
                .toList();
    }

    private static void clear(WebElement input) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    }

    private static long rowCount() {
        return (Long) browser.executeScript("return document.querySelectorAll('#event-rows tr.event').length");
    }

    /** The types of the log rows on screen (not hidden by a filter), newest first. */
    @SuppressWarnings("unchecked")
    private static List<String> visibleTypes() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#event-rows tr.event')).filter(r => r.getClientRects().length > 0).map(r => r.dataset.type)");
    }

    /** The newest row of this type: its summary's text and how many line boxes that text takes on screen. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> logLine(String type) {
        return (Map<String, Object>) browser.executeScript("var row = Array.from(document.querySelectorAll("
                + "'#event-rows tr.event')).find(r => r.dataset.type === arguments[0]);"
                + " var cell = row.lastElementChild;"
                + " var range = document.createRange(); range.selectNodeContents(cell);"
                + " var tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));"
                + " return {text: cell.textContent, lines: tops.size}", type);
    }

    /** The chart legend's value per event type (the x series left out). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> legendValues() {
        return (Map<String, String>) browser.executeScript("var out = {}; Array.from(document.querySelectorAll("
                + "'#chart .u-legend .u-series')).slice(1).forEach(s => out[s.querySelector('.u-label').textContent]"
                + " = s.querySelector('.u-value').textContent); return out");
    }

    private static int secondsIn(String since) {
        Matcher m = SECONDS.matcher(since == null ? "" : since);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static int activeConnections(DashboardServer server) {
        try {
            return server.activeConnections();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
