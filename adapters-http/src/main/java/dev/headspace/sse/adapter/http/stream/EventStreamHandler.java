package dev.headspace.sse.adapter.http.stream;

import dev.headspace.sse.adapter.http.server.ErrorJson;
import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.adapter.http.server.QueryParameters;
import dev.headspace.sse.adapter.http.server.Tokens;
import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.application.port.in.SubscriptionRefusedException;
import dev.headspace.sse.config.SseSettings;
import dev.headspace.sse.config.SubscribeSettings;
import dev.headspace.sse.domain.EventFilter.InvalidFilterException;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.port.ClientSubscription;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;

/** {@code GET /api/events}: validates the filter, registers the client and turns the exchange into its SSE stream. */
public final class EventStreamHandler implements HttpHandler {

    private static final HttpString X_ACCEL_BUFFERING = new HttpString("X-Accel-Buffering");
    private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");
    /** The cookie a browser page may carry the subscriber token in (EventSource cannot set headers). */
    public static final String TOKEN_COOKIE = "headspace_token";

    private final SubscribeUseCase subscribe;
    private final SseSettings settings;
    private final StreamLimits limits;
    private final JsonResponses json;
    private final Tokens token;
    private final WriteBacklog backlog;

    /** @param backlog the IO threads' write passes, shared with the publish handler */
    public EventStreamHandler(SubscribeUseCase subscribe, SseSettings settings, SubscribeSettings access,
                              WriteBacklog backlog, JsonResponses json) {
        this.subscribe = subscribe;
        this.settings = settings;
        this.token = access.token().map(Tokens::new).orElse(null);
        this.limits = new StreamLimits(settings.clientQueueEvents(), settings.clientQueueBytes(),
                (int) settings.socketSendBuffer());
        this.backlog = backlog;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (json.refusedUnlessGet(exchange)) {
            return;
        }
        if (token != null && !token.matches(Tokens.presented(exchange, TOKEN_COOKIE))) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            json.error(exchange, 401, "unauthorized", "subscribing needs the subscriber token: an Authorization:"
                    + " Bearer header, the access_token parameter or the " + TOKEN_COOKIE + " cookie");
            return;
        }
        EventFilter filter;
        try {
            filter = QueryParameters.filter(exchange);
        } catch (InvalidFilterException e) {
            json.error(exchange, 400, ErrorJson.fromDomain(e));
            return;
        }
        UndertowEventStream stream = new UndertowEventStream(exchange.getIoThread(), limits, retryMillis(),
                backlog.passesOf(exchange.getIoThread()), backlog.closes());
        ClientSubscription subscription;
        try {
            subscription = subscribe.subscribe(filter, stream, lastEventId(exchange));
        } catch (SubscriptionRefusedException e) {
            long seconds = Math.max(1, (settings.retryAfter().toMillis() + 999) / 1000);
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
            String code = switch (e.reason()) {
                case AT_CAPACITY -> "at_capacity";
                case SHUTTING_DOWN -> "shutting_down";
                case LOG_UNAVAILABLE -> "log_unavailable";
            };
            json.error(exchange, 503, ErrorJson.retryLater(code, e.getMessage(), seconds));
            return;
        }
        exchange.setStatusCode(200);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .put(Headers.CACHE_CONTROL, "no-cache")
                .put(X_ACCEL_BUFFERING, "no");
        // dispatching keeps Undertow from ending the exchange when this handler returns
        exchange.dispatch(exchange.isInIoThread() ? SameThreadExecutor.INSTANCE : exchange.getIoThread(),
                () -> stream.open(exchange, subscription));
    }

    private long retryMillis() {
        long jitter = settings.retryJitter().toMillis();
        return settings.retry().toMillis() + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter + 1));
    }

    /**
     * The header a browser sends when it reconnects by itself, else the parameter a page sets when it opens a new
     * EventSource by hand. The header wins: on an automatic reconnect the URL still carries the id the page first
     * opened with, while the header carries the last one the browser saw.
     */
    private static String lastEventId(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        Collection<String> parameter = QueryParameters.values(exchange, "last_event_id");
        String value = parameter.isEmpty() ? null : parameter.iterator().next();
        // an empty id is what a client that has seen nothing would send: a new client, not a malformed id
        return value == null || value.isBlank() ? null : value.strip();
    }
}
