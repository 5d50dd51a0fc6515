package dev.headspace.sse.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headspace.sse.application.testing.FakeEventStream;
import dev.headspace.sse.domain.AgentId;
import dev.headspace.sse.domain.Event;
import dev.headspace.sse.domain.EventFilter;
import dev.headspace.sse.domain.EventId;
import dev.headspace.sse.domain.EventType;
import dev.headspace.sse.domain.ProjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FilterIndexTest {

    private final FilterIndex index = new FilterIndex();
    private final AtomicLong ids = new AtomicLong();

    private static EventFilter filter(List<String> types, List<String> projects, List<String> agents) {
        return EventFilter.parse(types, projects, agents);
    }

    private static Event event(String type, String project, String agent) {
        return new Event(new EventId(1, 0), new EventType(type), project == null ? null : new ProjectId(project),
                agent == null ? null : new AgentId(agent), "{}", Instant.EPOCH);
    }

    private FilterGroup filed(EventFilter filter) {
        FilterGroup group = new FilterGroup(filter);
        index.add(group);
        return group;
    }

    private RegisteredSubscription subscription(ClientRegistry registry, EventFilter filter) {
        return new RegisteredSubscription(ids.incrementAndGet(), filter, new FakeEventStream(), Instant.EPOCH,
                registry, new SseStatistics());
    }

    /** Every group the broadcast would match for the event, in the order it would visit them. */
    private List<FilterGroup> candidates(Event event) {
        List<FilterGroup> all = new ArrayList<>();
        all.addAll(Arrays.asList(index.underAgent(event.agentId())));
        all.addAll(Arrays.asList(index.underProject(event.projectId())));
        all.addAll(Arrays.asList(index.underType(event.type())));
        all.addAll(Arrays.asList(index.unkeyed()));
        return all;
    }

    @Test
    void filterNamingAnAgent_isFiledUnderTheAgentOnly_evenWhenItNamesProjectAndType() {
        FilterGroup group = filed(filter(List.of("a"), List.of("p"), List.of("x")));

        assertThat(index.underAgent(new AgentId("x"))).containsExactly(group);
        assertThat(index.underProject(new ProjectId("p"))).isEmpty();
        assertThat(index.underType(new EventType("a"))).isEmpty();
        assertThat(candidates(event("a", "p", "x"))).containsExactly(group);
        assertThat(candidates(event("a", "p", "y"))).isEmpty();
        assertThat(candidates(event("a", "p", null))).isEmpty();
    }

    @Test
    void filterNamingAProjectButNoAgent_isFiledUnderTheProject() {
        FilterGroup group = filed(filter(List.of("a"), List.of("p"), List.of()));

        assertThat(index.underProject(new ProjectId("p"))).containsExactly(group);
        assertThat(index.underType(new EventType("a"))).isEmpty();
        assertThat(candidates(event("b", "p", "x"))).as("a candidate; its type is matched later").containsExactly(group);
        assertThat(candidates(event("a", "q", null))).isEmpty();
        assertThat(candidates(event("a", null, "x"))).isEmpty();
    }

    @Test
    void filterNamingOnlyTypes_isFiledUnderTheType() {
        FilterGroup group = filed(filter(List.of("a"), List.of(), List.of()));

        assertThat(index.underType(new EventType("a"))).containsExactly(group);
        assertThat(candidates(event("a", null, null))).containsExactly(group);
        assertThat(candidates(event("a", "p", "x"))).containsExactly(group);
        assertThat(candidates(event("b", "p", "x"))).isEmpty();
    }

    @Test
    void filterNamingNothing_isACandidateForEveryEvent() {
        FilterGroup all = filed(EventFilter.ALL);

        assertThat(index.unkeyed()).containsExactly(all);
        assertThat(index.keys()).isZero();
        assertThat(candidates(event("a", null, null))).containsExactly(all);
        assertThat(candidates(event("b", "p", "x"))).containsExactly(all);
    }

    @Test
    void eventWithoutProjectOrAgent_looksUpOnlyItsType_andTheUnkeyed() {
        filed(filter(List.of(), List.of(), List.of("x")));
        filed(filter(List.of(), List.of("p"), List.of()));
        FilterGroup byType = filed(filter(List.of("a"), List.of(), List.of()));
        FilterGroup all = filed(EventFilter.ALL);

        assertThat(index.underAgent(null)).isEmpty();
        assertThat(index.underProject(null)).isEmpty();
        assertThat(candidates(event("a", null, null))).containsExactly(byType, all);
    }

    @Test
    void filterListingSeveralValues_isFiledUnderEach_andComesOncePerEvent() {
        FilterGroup agents = filed(filter(List.of(), List.of(), List.of("x", "y")));
        FilterGroup projects = filed(filter(List.of(), List.of("p", "q", "r"), List.of()));
        FilterGroup types = filed(filter(List.of("a", "b"), List.of(), List.of()));

        assertThat(index.keys()).isEqualTo(2 + 3 + 2);
        assertThat(candidates(event("a", "p", "x"))).containsExactly(agents, projects, types);
        assertThat(candidates(event("b", "r", "y"))).containsExactly(agents, projects, types);
        assertThat(candidates(event("c", "q", "z"))).containsExactly(projects);
    }

    @Test
    void groupsSharingAValue_areAllUnderIt_andRemovingOneKeepsTheOthers() {
        FilterGroup onlyX = filed(filter(List.of(), List.of(), List.of("x")));
        FilterGroup xInP = filed(filter(List.of(), List.of("p"), List.of("x")));
        FilterGroup xOrY = filed(filter(List.of(), List.of(), List.of("x", "y")));

        assertThat(index.underAgent(new AgentId("x"))).containsExactly(onlyX, xInP, xOrY);

        index.remove(xInP);

        assertThat(index.underAgent(new AgentId("x"))).containsExactly(onlyX, xOrY);
        assertThat(index.underAgent(new AgentId("y"))).containsExactly(xOrY);
    }

    @Test
    void removingTheLastGroupsUnderValues_dropsTheValues() {
        List<FilterGroup> groups = List.of(
                filed(filter(List.of(), List.of(), List.of("x", "y"))),
                filed(filter(List.of(), List.of("p"), List.of())),
                filed(filter(List.of("a"), List.of(), List.of())),
                filed(EventFilter.ALL));
        assertThat(index.keys()).isEqualTo(4);

        groups.forEach(index::remove);

        assertThat(index.keys()).isZero();
        assertThat(index.unkeyed()).isEmpty();
        assertThat(candidates(event("a", "p", "x"))).isEmpty();
    }

    @Test
    void removingAGroupNeverFiled_changesNothing() {
        EventFilter onlyX = filter(List.of(), List.of(), List.of("x"));
        FilterGroup kept = filed(onlyX);

        index.remove(new FilterGroup(onlyX));
        index.remove(new FilterGroup(EventFilter.ALL));

        assertThat(index.underAgent(new AgentId("x"))).containsExactly(kept);
        assertThat(index.unkeyed()).isEmpty();
    }

    @Test
    void registry_filesEachNewGroup_andDropsItWithItsLastMember() {
        ClientRegistry registry = new ClientRegistry(10);
        EventFilter onlyX = filter(List.of(), List.of(), List.of("x"));
        RegisteredSubscription first = subscription(registry, onlyX);
        RegisteredSubscription second = subscription(registry, onlyX);
        registry.add(first);
        registry.add(second);

        assertThat(registry.index().underAgent(new AgentId("x"))).singleElement()
                .satisfies(group -> assertThat(group.members()).containsExactlyInAnyOrder(first, second));
        registry.remove(first);
        assertThat(registry.index().keys()).isEqualTo(1);
        registry.remove(second);
        assertThat(registry.index().keys()).isZero();
    }

    @Test
    void distinctFiltersJoiningAndLeaving_fromManyThreads_leaveNoValueBehind() throws Exception {
        ClientRegistry registry = new ClientRegistry(100_000);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<RegisteredSubscription> kept = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int t = thread;
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        // distinct filters that share agents and projects, so threads change the same values at once
                        EventFilter filter = i % 3 == 0
                                ? filter(List.of("t" + t), List.of(), List.of("x" + i % 7))
                                : filter(List.of("t" + i), List.of("p" + i % 5), List.of());
                        RegisteredSubscription client = subscription(registry, filter);
                        registry.reserve();
                        registry.add(client);
                        if (i % 100 == 0) {
                            kept.add(client);
                        } else {
                            registry.remove(client);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : work) {
                future.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(registry.index().underAgent(new AgentId("x0"))).hasSize(threads);
        kept.forEach(registry::remove);
        assertThat(registry.index().keys()).isZero();
        assertThat(registry.byFilter()).isEmpty();
    }
}
