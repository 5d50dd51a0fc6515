package dev.headspace.sse.adapter.http.publish;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.headspace.sse.adapter.http.publish.EventJson.InvalidFieldException;
import dev.headspace.sse.adapter.http.server.ErrorJson;
import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.adapter.http.server.Tokens;
import dev.headspace.sse.adapter.http.stream.WriteBacklog;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.PublishRequest;
import dev.headspace.sse.application.port.in.PublishResult;
import dev.headspace.sse.config.PublishSettings;
import dev.headspace.sse.domain.IdempotencyKey;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/events}: one event or a JSON array of them, from producers outside the JVM. Checks the token, the
 * content type, the size and every field before anything is published; a batch is all or nothing.
 */
public final class PublishEventsHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PublishEventsHandler.class);
    /** How soon a producer refused for an unreachable event log should try again: the log reconnects within it. */
    private static final long LOG_RETRY_AFTER_SECONDS = 1;

    static final HttpString IDEMPOTENCY_KEY = new HttpString("Idempotency-Key");

    /** The longest an accepted publish waits for the writers before it is answered anyway. */
    static final Duration MAX_HOLD = Duration.ofSeconds(1);

    private final PublishEventsUseCase publish;
    private final PublishSettings settings;
    private final Tokens token;
    private final ObjectMapper mapper;
    /** Refuses a key given twice in one object, which would otherwise silently keep the last value. */
    private final ObjectReader bodyReader;
    private final JsonResponses json;
    private final WriteBacklog backlog;

    /**
     * @param backlog the stream's writers: while they are behind, an accepted publish is answered only once they have
     *                caught up (or after {@link #MAX_HOLD}), so a publisher that waits for its answers is paced to
     *                what the node delivers instead of filling every client's queue
     */
    public PublishEventsHandler(PublishEventsUseCase publish, PublishSettings settings, ObjectMapper mapper,
                                JsonResponses json, WriteBacklog backlog) {
        this.backlog = backlog;
        this.publish = publish;
        this.settings = settings;
        this.token = settings.token().map(Tokens::new).orElse(null);
        this.mapper = mapper;
        this.bodyReader = mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (token == null) {
            json.error(exchange, 403, "publishing_disabled",
                    "publishing over HTTP is disabled: set HEADSPACE_PUBLISH_TOKEN to enable it");
            return;
        }
        String presented = Tokens.bearer(exchange);
        if (!token.matches(presented)) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            json.error(exchange, 401, "unauthorized", presented == null
                    ? "an Authorization: Bearer <token> header is required" : "the bearer token is not valid");
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (contentType == null || !isJson(contentType)) {
            json.error(exchange, 415, "unsupported_media_type",
                    "'Content-Type' must be application/json, got " + (contentType == null ? "none" : contentType));
            return;
        }
        HeaderValues keys = exchange.getRequestHeaders().get(IDEMPOTENCY_KEY);
        IdempotencyKey key = null;
        if (keys != null && !keys.isEmpty()) {
            try {
                if (keys.size() > 1) {
                    throw new IllegalArgumentException("'Idempotency-Key' must be given once, got " + keys.size());
                }
                key = new IdempotencyKey(keys.getFirst());
            } catch (IllegalArgumentException e) {
                json.error(exchange, 400, ErrorJson.invalidField(e.getMessage(), "Idempotency-Key"));
                return;
            }
        }
        IdempotencyKey batchKey = key;
        long declared = exchange.getRequestContentLength();
        if (declared > settings.maxBytes()) {
            tooLarge(exchange);
            return;
        }
        exchange.setMaxEntitySize(settings.maxBytes());
        Receiver receiver = exchange.getRequestReceiver();
        // the entity size limit alone lets a chunked body through; the receiver's own bound stops it while reading
        receiver.setMaxBufferSize((int) settings.maxBytes());
        receiver.receiveFullBytes((done, body) -> received(done, body, batchKey), (failed, error) -> {
            if (tooLarge(error)) {
                tooLarge(failed);
            } else {
                LOG.debug("publish request body could not be read: {}", error.toString());
                failed.endExchange();
            }
        });
    }

    private static boolean tooLarge(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooBigException || cause instanceof Receiver.RequestToLargeException) {
                return true;
            }
        }
        return false;
    }

    private void tooLarge(HttpServerExchange exchange) {
        exchange.setPersistent(false);
        json.error(exchange, 413, ErrorJson.tooLarge("the request body must be at most " + settings.maxBytes()
                + " bytes (HEADSPACE_PUBLISH_MAX_BYTES)", settings.maxBytes()));
    }

    private void received(HttpServerExchange exchange, byte[] body, IdempotencyKey key) {
        JsonNode root;
        try {
            root = bodyReader.readTree(body);
        } catch (StreamReadException e) {
            String duplicate = duplicateField(e);
            if (duplicate != null) {
                json.error(exchange, 400, ErrorJson.invalidField("'" + duplicate
                        + "' appears more than once; each field may be given once", duplicate));
                return;
            }
            json.error(exchange, 400, "malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            json.error(exchange, 400, "malformed_json", "the body is not valid JSON: " + detail);
            return;
        }
        if (root == null || root.isMissingNode()) {
            json.error(exchange, 400, "malformed_json", "the body is empty; send one event object or an array of them");
            return;
        }
        boolean batch = root.isArray();
        List<PublishRequest> requests = new ArrayList<>();
        try {
            if (batch) {
                if (root.isEmpty()) {
                    throw new InvalidFieldException("body", "'body' must hold at least one event");
                }
                for (int i = 0; i < root.size(); i++) {
                    requests.add(EventJson.toDomain(root.get(i), "[" + i + "].", mapper));
                }
            } else {
                requests.add(EventJson.toDomain(root, "", mapper));
            }
        } catch (InvalidFieldException e) {
            json.error(exchange, 400, ErrorJson.invalidField(e.getMessage(), e.field()));
            return;
        }
        PublishResult result = publish.publish(requests, key);
        if (result instanceof PublishResult.Unavailable unavailable) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(LOG_RETRY_AFTER_SECONDS));
            json.error(exchange, 503, ErrorJson.retryLater("log_unavailable", "nothing was published: the event log"
                    + " cannot be reached (" + unavailable.message() + "); send the batch again later",
                    LOG_RETRY_AFTER_SECONDS));
            return;
        }
        if (result instanceof PublishResult.Refused refused) {
            String field = batch ? "[" + refused.index() + "]." + refused.field() : refused.field();
            String message = batch ? "event [" + refused.index() + "]: " + refused.message() : refused.message();
            json.error(exchange, 400, ErrorJson.invalidField(message, field));
            return;
        }
        AcceptedJson accepted = AcceptedJson.fromDomain(((PublishResult.Accepted) result).events(), batch);
        if (backlog.keepingUp()) {
            json.send(exchange, 202, accepted);
        } else {
            // keeps the exchange open past this call; the answer goes from the same IO thread, never blocking it
            long deadline = System.nanoTime() + MAX_HOLD.toNanos();
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> answerWhenCaughtUp(exchange, accepted, deadline));
        }
    }

    /** The events are published; the answer waits, a millisecond at a time, until the writers keep up again. */
    private void answerWhenCaughtUp(HttpServerExchange exchange, AcceptedJson accepted, long deadline) {
        if (backlog.keepingUp() || System.nanoTime() - deadline >= 0) {
            json.send(exchange, 202, accepted);
        } else {
            exchange.getIoThread().executeAfter(() -> answerWhenCaughtUp(exchange, accepted, deadline), 1,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The path of the key a duplicate-key refusal is about, as the other refusals name fields ({@code data.text},
     * {@code [1].type}), or null when the parse failed for another reason.
     */
    private static String duplicateField(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        if (parser == null || !e.getOriginalMessage().startsWith("Duplicate field")) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
             context = context.getParent()) {
            if (context.inObject()) {
                path.insert(0, path.length() == 0 || path.charAt(0) == '[' ? context.getCurrentName()
                        : context.getCurrentName() + ".");
            } else if (context.inArray()) {
                path.insert(0, "[" + context.getCurrentIndex() + "]" + (path.length() == 0 ? "" : "."));
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.equalsIgnoreCase("application/json");
    }
}
