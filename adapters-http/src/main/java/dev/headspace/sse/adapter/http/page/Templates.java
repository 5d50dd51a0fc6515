package dev.headspace.sse.adapter.http.page;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page templates ({@code templates/*.html} on the classpath), compiled by mustache.java, which HTML-escapes every
 * {@code {{value}}}; a template is compiled on first use and then shared by every thread that renders it.
 */
final class Templates {

    private final DefaultMustacheFactory factory = new DefaultMustacheFactory("templates");
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

    byte[] render(String name, Object scope) {
        Mustache template = compiled.computeIfAbsent(name, key -> factory.compile(key + ".html"));
        StringWriter out = new StringWriter();
        template.execute(out, scope);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
