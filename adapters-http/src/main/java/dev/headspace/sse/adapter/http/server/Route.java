package dev.headspace.sse.adapter.http.server;

import io.undertow.server.HttpHandler;

/**
 * One path served by the HTTP server; the wiring contributes each as a set element. A prefix route serves the path
 * and everything under it (the handler reads the rest from {@code getRelativePath()}).
 */
public record Route(String path, HttpHandler handler, boolean prefix) {

    public Route(String path, HttpHandler handler) {
        this(path, handler, false);
    }

    public static Route prefix(String path, HttpHandler handler) {
        return new Route(path, handler, true);
    }
}
