package dev.headspace.sse.bootstrap.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headspace.sse.adapter.events.AgentStateMachine;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's event log, its indicator without access, its live figures and its phone layout, in a real browser.
 */
@Timeout(60)
class DashboardLogAndLayoutIT extends BrowserTest {

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
}
