package dev.headspace.sse.adapter.http.server;

import io.undertow.server.HttpHandler;

/** One exact path served by the HTTP server; the wiring contributes each as a set element. */
public record Route(String path, HttpHandler handler) {
}
