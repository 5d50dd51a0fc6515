package dev.headspace.sse.application;

import dev.headspace.sse.application.embedded.InMemoryAgentStates;
import dev.headspace.sse.application.embedded.InMemoryEventLog;
import dev.headspace.sse.application.port.in.ApplyLoggedEventsUseCase;
import dev.headspace.sse.application.port.in.GetAgentStatesUseCase;
import dev.headspace.sse.application.port.in.GetHealthUseCase;
import dev.headspace.sse.application.port.in.HealthReport;
import dev.headspace.sse.application.port.in.MaintainConnectionsUseCase;
import dev.headspace.sse.application.port.in.PublishEventsUseCase;
import dev.headspace.sse.application.port.in.RebuildAgentsViewUseCase;
import dev.headspace.sse.application.port.in.ShutdownUseCase;
import dev.headspace.sse.application.port.in.SubscribeUseCase;
import dev.headspace.sse.domain.port.EventEncoder;
import dev.headspace.sse.domain.port.LogBackend;
import dev.headspace.sse.domain.port.StreamMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The application ring, assembled in one place from plain settings and the ports it needs: the Dagger wiring, the
 * HTTP test server and the benchmarks all build the core here, so they cannot drift apart. Use cases come out.
 */
public final class Core implements AutoCloseable {

    /**
     * What the core is tuned by, in its own terms (bootstrap maps the configuration onto it).
     *
     * @param maxConnections    live streams at most
     * @param heartbeatInterval quiet time before a heartbeat
     * @param staleTimeout      bytes waiting this long for a client evict it
     * @param stallTimeout      a socket that takes no byte this long, while bytes wait, is closed
     * @param replayCapacity    events the log keeps for reconnecting clients
     * @param replayMaxBytes    memory the log's events may take
     * @param replayMaxAge      events older than this leave the log
     * @param replayMaxEvents   a client that missed more matching events is told to resync instead
     */
    public record Options(int maxConnections, Duration heartbeatInterval, Duration staleTimeout,
                          Duration stallTimeout, int replayCapacity, long replayMaxBytes, Duration replayMaxAge,
                          int replayMaxEvents) {

        public Options {
            Objects.requireNonNull(heartbeatInterval, "'heartbeatInterval' must not be null");
            Objects.requireNonNull(staleTimeout, "'staleTimeout' must not be null");
            Objects.requireNonNull(stallTimeout, "'stallTimeout' must not be null");
            Objects.requireNonNull(replayMaxAge, "'replayMaxAge' must not be null");
        }
    }

    private final SubscribeService subscribe;
    private final PublishEventsService publish;
    private final PublishEventsService publishInProcess;
    private final Outbox outbox;
    private final MaintainConnectionsService maintenance;
    private final ShutdownService shutdown;
    private final GetHealthService health;
    private final GetAgentStatesService agentStates;
    private final ApplyLoggedEventsService applyLogged;
    private final RebuildAgentsViewService rebuildAgents;
    private final Duration sweepPeriod;

    private Core(Options options, EventEncoder encoder, StreamMetrics metrics, Clock clock, LogBackend shared,
                 int outboxEvents) {
        ClientRegistry registry = new ClientRegistry(options.maxConnections());
        SseStatistics statistics = new SseStatistics();
        PublishStatistics publishing = new PublishStatistics();
        PublishJoinLock lock = new PublishJoinLock();
        InMemoryEventLog log;
        if (shared == null) {
            // the log starts after an id taken from the generator and never used, so it knows every id it will hold
            log = InMemoryEventLog.assigning(options.replayCapacity(), options.replayMaxBytes(),
                    options.replayMaxAge(), clock::millis, new EventIdGenerator(clock::millis)::next, encoder);
        } else {
            // the node's window on the shared log starts where its reader will start reading
            log = new InMemoryEventLog(options.replayCapacity(), options.replayMaxBytes(), options.replayMaxAge(),
                    clock::millis, shared.resumePoint());
        }
        InMemoryAgentStates agents = new InMemoryAgentStates();
        Broadcast broadcast = new Broadcast(registry, encoder, log, agents, lock, statistics);
        subscribe = new SubscribeService(registry, log, lock, options.replayMaxEvents(), statistics, metrics, clock,
                shared);
        PublishEventsService.PublishStep step = shared == null ? (drafts, key) -> broadcast.all(drafts)
                : PublishEventsService.appendingTo(shared);
        publish = new PublishEventsService(step, publishing);
        outbox = shared == null ? null : new Outbox(step::publish, outboxEvents, clock, publishing);
        publishInProcess = shared == null ? publish : new PublishEventsService(step, publishing, outbox);
        applyLogged = new ApplyLoggedEventsService(broadcast);
        rebuildAgents = new RebuildAgentsViewService(broadcast);
        maintenance = new MaintainConnectionsService(registry, statistics, options.heartbeatInterval(),
                options.staleTimeout(), options.stallTimeout(), System::nanoTime);
        shutdown = new ShutdownService(registry);
        health = new GetHealthService(registry, log, statistics, publishing,
                shared == null ? () -> null : shared::status, shared == null ? () -> null
                : () -> new HealthReport.Outbox(outbox.waitingEvents(), outbox.maxEvents(), outbox.overflowed()));
        agentStates = new GetAgentStatesService(agents, log, lock);
        sweepPeriod = MaintainConnectionsService.sweepPeriod(options.heartbeatInterval(), options.staleTimeout(),
                options.stallTimeout());
    }

    /**
     * Builds the core on its embedded defaults: the in-memory event log and agents view.
     *
     * @param encoder turns each event into the bytes every client receives, once
     * @param metrics records publish-to-write times and replay lengths
     */
    public static Core assemble(Options options, EventEncoder encoder, StreamMetrics metrics, Clock clock) {
        return new Core(Objects.requireNonNull(options, "'options' must not be null"),
                Objects.requireNonNull(encoder, "'encoder' must not be null"),
                Objects.requireNonNull(metrics, "'metrics' must not be null"),
                Objects.requireNonNull(clock, "'clock' must not be null"), null, 0);
    }

    /**
     * Builds the core on a log shared by several nodes: publishing appends to it (outside the broadcast's lock), and
     * the node's reader of it hands every entry, in the log's order, to {@link #applyLoggedEvents()}, which holds it
     * in the node's in-memory window and delivers it. The reader must start reading after
     * {@code shared.resumePoint()} as it is when this is called. In-process producers
     * ({@link #publishInProcess()}) do not lose their events while the log cannot be reached: they wait, in order, in
     * an outbox of at most {@code outboxEvents} events, appended when the log answers again.
     */
    public static Core assemble(Options options, EventEncoder encoder, StreamMetrics metrics, Clock clock,
                                LogBackend shared, int outboxEvents) {
        if (outboxEvents < 0) {
            throw new IllegalArgumentException("'outboxEvents' must be >= 0, got " + outboxEvents);
        }
        return new Core(Objects.requireNonNull(options, "'options' must not be null"),
                Objects.requireNonNull(encoder, "'encoder' must not be null"),
                Objects.requireNonNull(metrics, "'metrics' must not be null"),
                Objects.requireNonNull(clock, "'clock' must not be null"),
                Objects.requireNonNull(shared, "'shared' must not be null"), outboxEvents);
    }

    public SubscribeUseCase subscribe() {
        return subscribe;
    }

    /** Publishing for producers that can send again (HTTP): while a shared log cannot be reached, nothing is taken. */
    public PublishEventsUseCase publish() {
        return publish;
    }

    /**
     * Publishing for the in-process producers, which cannot send again: on a shared log they cannot reach, a batch
     * waits in the outbox ({@code Queued}) unless it is full ({@code Unavailable}). The same as {@link #publish()} on
     * the embedded log.
     */
    public PublishEventsUseCase publishInProcess() {
        return publishInProcess;
    }

    public MaintainConnectionsUseCase maintainConnections() {
        return maintenance;
    }

    public ShutdownUseCase shutdown() {
        return shutdown;
    }

    public GetHealthUseCase health() {
        return health;
    }

    public GetAgentStatesUseCase agentStates() {
        return agentStates;
    }

    /** Where a shared log's reader hands what it read; unused on the embedded log. */
    /** Where a node on a shared log puts its agents view at start, from the log's retained history. */
    public RebuildAgentsViewUseCase rebuildAgentsView() {
        return rebuildAgents;
    }

    public ApplyLoggedEventsUseCase applyLoggedEvents() {
        return applyLogged;
    }

    /** Stops the outbox's drain; events still waiting in it are lost (and logged). */
    @Override
    public void close() {
        if (outbox != null) {
            outbox.close();
        }
    }

    /** How often the connection sweep should run so heartbeats and removals are late by at most a quarter interval. */
    public Duration sweepPeriod() {
        return sweepPeriod;
    }
}
