package dev.headspace.sse.bootstrap.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.adapter.events.AgentStateMachine;
import dev.headspace.sse.domain.AgentId;
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
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard in a real browser (Debian's headless chromium through chromedriver) against the Dagger-wired service,
 * with a TCP proxy in front where the network has to fail: the acceptance of issue 11.
 */
@Timeout(60)
class DashboardBrowserIT extends BrowserTest {

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
}
