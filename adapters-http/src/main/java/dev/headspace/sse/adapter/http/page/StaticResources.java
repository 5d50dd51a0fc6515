package dev.headspace.sse.adapter.http.page;

import dev.headspace.sse.adapter.http.server.JsonResponses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the files under one classpath folder for a prefix route: only names of plain segments with a known
 * extension (so no {@code ..}, no hidden file, no directory), each read once and then served from memory.
 */
final class StaticResources implements HttpHandler {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final ClassLoader loader;
    private final String root;
    private final String cacheControl;
    private final JsonResponses json;
    // only files that exist are kept, so the map is bounded by what the classpath holds
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    /**
     * @param root         the classpath folder, ending in '/'
     * @param cacheControl what browsers are told about keeping a copy
     */
    StaticResources(ClassLoader loader, String root, String cacheControl, JsonResponses json) {
        this.loader = loader;
        this.root = root;
        this.cacheControl = cacheControl;
        this.json = json;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this); // reading the classpath blocks
            return;
        }
        if (json.refusedUnlessGet(exchange)) {
            return;
        }
        String path = exchange.getRelativePath();
        String type = safe(path) ? TYPES.get(path.substring(path.lastIndexOf('.') + 1)) : null;
        byte[] body = type == null ? null : load(path.substring(1));
        if (body == null) {
            json.error(exchange, 404, "not_found", "no resource at " + exchange.getRequestPath());
            return;
        }
        exchange.setStatusCode(200);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, type)
                .put(Headers.CACHE_CONTROL, cacheControl)
                .put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    static boolean safe(String path) {
        if (path == null || !path.startsWith("/") || path.length() < 2) {
            return false;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return path.lastIndexOf('.') > path.lastIndexOf('/');
    }

    private byte[] load(String name) {
        byte[] cached = loaded.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = loader.getResourceAsStream(root + name)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            loaded.put(name, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + root + name, e);
        }
    }
}
