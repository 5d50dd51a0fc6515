package dev.headspace.sse.bootstrap.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.ProjectId;
import dev.headspace.sse.domain.Trigger;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's HTTP surface, without a browser: the rendered page, bad input, static files, methods. */
@Timeout(30)
class DashboardPageIT {

    private static DashboardServer server;

    @BeforeAll
    static void start() {
        server = DashboardServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void root_isHtml_withTheAgentsByProject_andThePositionTheyReflect() throws Exception {
        server.component.agentStateMachine().apply(new ProjectId("proj-a"), new AgentId("agent-1"),
                Trigger.parse("user:command"));
        server.component.agentStateMachine().apply(new ProjectId("proj-a"), new AgentId("agent-1"),
                Trigger.parse("agent:question"));
        String last = server.publishMessage("after the moves");

        HttpResponse<String> page = server.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("data-last-event-id=\"" + last + "\"")
                .contains("<h3>proj-a</h3>").contains("data-agent-id=\"agent-1\" data-state=\"awaiting_input\"")
                .contains("<strong id=\"count-input\">1</strong>")
                .contains("/webjars/htmx.org/2.0.10/dist/htmx.min.js")
                .contains("/webjars/htmx-ext-sse/2.2.2/sse.js");
        assertThat(server.get("/partials/agents?project_id=proj-a").body())
                .contains("data-state=\"awaiting_input\"").doesNotContain("<html");
        assertThat(server.get("/?project_id=proj-other").body()).doesNotContain("agent-1")
                .contains("sse-connect=\"/api/events?project_id&#61;proj-other\""); // '=' escaped; the browser reads '='
    }

    @Test
    void badFilter_gets400Page_namingParameterAndRule_escaped() throws Exception {
        HttpResponse<String> page = server.get("/?project_id=%3Cscript%3Ex%3C/script%3E");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<dd id=\"parameter\">project_id</dd>").contains("[A-Za-z0-9_.:-]")
                .doesNotContain("<script>x");
        assertThat(server.get("/?types=" + "a,".repeat(101) + "a").statusCode()).isEqualTo(400);
        assertThat(server.get("/?agent_id=").body()).contains("<dd id=\"parameter\">agent_id</dd>");
    }

    @Test
    void staticFiles_webJars_andFavicon_areServed_unknownOrEscapingPaths_get404() throws Exception {
        HttpResponse<String> client = server.get("/static/js/sse-client.js");
        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(client.body()).contains("export function createSseClient");
        assertThat(server.get("/webjars/htmx.org/2.0.10/dist/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(server.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        HttpResponse<String> favicon = server.get("/favicon.ico");
        assertThat(favicon.statusCode()).isEqualTo(200);
        assertThat(favicon.headers().firstValue("Content-Type")).hasValue("image/svg+xml");

        assertThat(server.get("/static/js/nothing.js").statusCode()).isEqualTo(404);
        assertThat(server.get("/static/js/").statusCode()).isEqualTo(404);
        assertThat(server.get("/static").statusCode()).isEqualTo(404);
        assertThat(server.get("/static/.hidden.js").statusCode()).isEqualTo(404);
        assertThat(server.get("/webjars/htmx.org/2.0.10/package.json.bak").statusCode()).isEqualTo(404);
        for (String escape : new String[] {"/static/../templates/dashboard.html", "/static/%2e%2e/templates/dashboard.html",
                "/static/js/..%2F..%2Ftemplates/dashboard.html", "/webjars/../../dev/headspace/sse/bootstrap/Main.class",
                "/static/..%5Ctemplates%5Cdashboard.html"}) {
            assertThat(rawStatusLine(escape)).as(escape).startsWith("HTTP/1.1 404");
        }
        // a raw backslash is not even a valid request line
        assertThat(rawStatusLine("/static/..\\templates\\dashboard.html")).matches("HTTP/1.1 40[04] .*");
    }

    @Test
    void otherMethods_get405() throws Exception {
        for (String path : new String[] {"/", "/partials/agents", "/static/js/sse-client.js", "/favicon.ico"}) {
            for (String method : new String[] {"POST", "PUT", "DELETE"}) {
                HttpResponse<String> response = server.send(method, path);
                assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).hasValue("GET");
            }
        }
    }

    /** The request line exactly as written, which an HTTP client library would normalise. */
    private static String rawStatusLine(String target) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\r'; ) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
