package dev.headspace.sse.adapter.http.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;

/**
 * Answers a request whose target is too long with 414 and one whose head (request line and headers) is too large
 * with 431, before any route sees it. Undertow itself stops reading a head at a hard ceiling above these bounds and
 * closes the connection without an answer; this gives a client under the ceiling a reason. Runs on IO threads.
 */
final class RequestHeadLimits implements HttpHandler {

    private final HttpHandler next;
    private final int maxHeaderBytes;
    private final int maxUrlBytes;
    private final JsonResponses json;

    RequestHeadLimits(HttpHandler next, int maxHeaderBytes, int maxUrlBytes, JsonResponses json) {
        this.next = next;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxUrlBytes = maxUrlBytes;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String query = exchange.getQueryString();
        int url = exchange.getRequestURI().length() + (query == null || query.isEmpty() ? 0 : 1 + query.length());
        if (url > maxUrlBytes) {
            exchange.setPersistent(false);
            json.error(exchange, 414, "uri_too_long", "the request target is " + url + " bytes; at most "
                    + maxUrlBytes + " are read (HEADSPACE_HTTP_MAX_URL_SIZE)");
            return;
        }
        int head = exchange.getRequestMethod().length() + 1 + url + 1 + exchange.getProtocol().length() + 2 + 2;
        for (HeaderValues header : exchange.getRequestHeaders()) {
            for (String value : header) {
                // headers are read as ISO-8859-1: one character per byte
                head += header.getHeaderName().length() + 2 + value.length() + 2;
            }
        }
        if (head > maxHeaderBytes) {
            exchange.setPersistent(false);
            json.error(exchange, 431, "request_header_fields_too_large", "the request line and headers are " + head
                    + " bytes; at most " + maxHeaderBytes + " are read (HEADSPACE_HTTP_MAX_HEADER_SIZE)");
            return;
        }
        next.handleRequest(exchange);
    }
}
