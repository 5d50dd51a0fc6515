package dev.headspace.sse.adapter.http.page;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;

/** Sends rendered pages with the headers every page carries: no caching, no sniffing, scripts from this origin only. */
final class HtmlResponses {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private HtmlResponses() {
    }

    static void send(HttpServerExchange exchange, int status, byte[] html) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, "text/html; charset=utf-8")
                .put(Headers.CACHE_CONTROL, "no-store")
                .put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .put(new HttpString("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        exchange.getResponseSender().send(ByteBuffer.wrap(html));
    }
}
