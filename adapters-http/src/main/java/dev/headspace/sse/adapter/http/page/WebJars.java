package dev.headspace.sse.adapter.http.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Finds the URL of a file in an npm WebJar on the classpath, from the version its pom.properties names. */
final class WebJars {

    private WebJars() {
    }

    /** {@code /webjars/<artifact>/<version>/<file>}; fails at start-up when the WebJar is missing. */
    static String url(ClassLoader loader, String artifact, String file) {
        String descriptor = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = loader.getResourceAsStream(descriptor)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar org.webjars.npm:" + artifact + " is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            String url = "/webjars/" + artifact + "/" + properties.getProperty("version") + "/" + file;
            if (loader.getResource("META-INF/resources" + url) == null) {
                throw new IllegalStateException("the WebJar org.webjars.npm:" + artifact + " has no " + file);
            }
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + descriptor, e);
        }
    }
}
