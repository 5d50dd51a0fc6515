package dev.headspace.sse.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.headspace.sse.adapter.http.ops.AgentStatesHandler;
import dev.headspace.sse.adapter.http.ops.HealthHandler;
import dev.headspace.sse.adapter.http.ops.MetricsHandler;
import dev.headspace.sse.adapter.http.ops.PrometheusMetrics;
import dev.headspace.sse.adapter.http.page.DashboardRoutes;
import dev.headspace.sse.adapter.http.publish.PublishEventsHandler;
import dev.headspace.sse.adapter.http.server.EventsRouteHandler;
import dev.headspace.sse.adapter.http.server.JsonResponses;
import dev.headspace.sse.adapter.http.server.Route;
import dev.headspace.sse.adapter.http.server.UndertowHttpServer;
import dev.headspace.sse.adapter.http.stream.EventStreamHandler;
import dev.headspace.sse.adapter.http.stream.SseEventEncoder;
import dev.headspace.sse.adapter.http.stream.WriteBacklog;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.application.port.in.GetHealthUseCase;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.config.Settings;
import dev.headspace.sse.domain.port.EventEncoder;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.util.Set;
import javax.inject.Singleton;

/** The HTTP adapter: the SSE encoder behind its port, the routes, and the Undertow server. */
@Module
interface HttpModule {

    @Binds
    EventEncoder encoder(SseEventEncoder encoder);

    @Provides
    @Singleton
    static SseEventEncoder sseEventEncoder() {
        return new SseEventEncoder();
    }

    @Provides
    @Singleton
    static ObjectMapper objectMapper() {
        return new ObjectMapper();
    }

    @Provides
    @Singleton
    static JsonResponses jsonResponses(ObjectMapper mapper) {
        return new JsonResponses(mapper);
    }

    @Provides
    @Singleton
    static PrometheusMetrics prometheusMetrics(GetHealthUseCase health) {
        return new PrometheusMetrics(health::health);
    }

    @Binds
    StreamMetrics streamMetrics(PrometheusMetrics metrics);

    @Provides
    @Singleton
    static WriteBacklog writeBacklog(Settings settings, StreamMetrics metrics) {
        return new WriteBacklog(settings.sse().coalesceWindow(), metrics);
    }

    @Provides
    @IntoSet
    static Route events(SubscribeUseCase subscribe, PublishEventsUseCase publish, Settings settings,
                        WriteBacklog backlog, ObjectMapper mapper, JsonResponses json) {
        return new Route("/api/events", new EventsRouteHandler(
                new EventStreamHandler(subscribe, settings.sse(), settings.subscribe(), backlog, json),
                new PublishEventsHandler(publish, settings.publish(), mapper, json, backlog), json));
    }

    @Provides
    @IntoSet
    static Route agents(GetAgentStatesUseCase states, JsonResponses json) {
        return new Route("/api/agents", new AgentStatesHandler(states, json));
    }

    @Provides
    @IntoSet
    static Route health(GetHealthUseCase health, JsonResponses json) {
        return new Route("/health", new HealthHandler(health, json));
    }

    @Provides
    @IntoSet
    static Route metrics(PrometheusMetrics metrics, JsonResponses json) {
        return new Route("/metrics", new MetricsHandler(metrics, json));
    }

    @Provides
    @ElementsIntoSet
    static Set<Route> dashboard(GetAgentStatesUseCase states, JsonResponses json) {
        return DashboardRoutes.create(states, json);
    }

    @Provides
    @Singleton
    static UndertowHttpServer httpServer(Settings settings, Set<Route> routes, JsonResponses json) {
        return new UndertowHttpServer(settings.http(), routes, json);
    }
}
