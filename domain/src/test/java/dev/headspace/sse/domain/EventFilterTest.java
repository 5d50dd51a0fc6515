package dev.headspace.sse.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headspace.sse.domain.EventFilter.Dimension;
import dev.headspace.sse.domain.EventFilter.InvalidFilterException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class EventFilterTest {

    private static final Instant AT = Instant.parse("2024-05-01T12:00:00Z");

    private static Event event(String type, String project, String agent) {
        return new Event(new EventId(1, 0), new EventType(type), project == null ? null : new ProjectId(project),
                agent == null ? null : new AgentId(agent), "{}", AT);
    }

    /** Parses with the raw values given to one dimension and nothing for the others. */
    private static EventFilter parseIn(Dimension dimension, List<String> raw) {
        return switch (dimension) {
            case TYPES -> EventFilter.parse(raw, List.of(), List.of());
            case PROJECT_ID -> EventFilter.parse(List.of(), raw, List.of());
            case AGENT_ID -> EventFilter.parse(List.of(), List.of(), raw);
        };
    }

    private static Collection<?> valuesOf(EventFilter filter, Dimension dimension) {
        return switch (dimension) {
            case TYPES -> filter.types();
            case PROJECT_ID -> filter.projectIds();
            case AGENT_ID -> filter.agentIds();
        };
    }

    private static List<String> distinctValues(int count) {
        return IntStream.range(0, count).mapToObj(i -> "v" + i).collect(Collectors.toList());
    }

    @Test
    void emptyFilter_matchesEveryEvent_includingOnesWithoutProjectOrAgent() {
        EventFilter filter = EventFilter.parse(List.of(), List.of(), List.of());

        assertThat(filter).isEqualTo(EventFilter.ALL);
        assertThat(filter.matches(event("a", "p", "x"))).isTrue();
        assertThat(filter.matches(event("b", null, null))).isTrue();
    }

    @Test
    void nullCollections_meanNoRestriction() {
        assertThat(EventFilter.parse(null, null, null)).isEqualTo(EventFilter.ALL);
    }

    @Test
    void valuesInsideOneDimension_areAlternatives() {
        EventFilter filter = EventFilter.parse(List.of("a", "b"), List.of(), List.of());

        assertThat(filter.matches(event("a", null, null))).isTrue();
        assertThat(filter.matches(event("b", null, null))).isTrue();
        assertThat(filter.matches(event("c", null, null))).isFalse();
    }

    @Test
    void dimensions_mustAllMatch() {
        EventFilter filter = EventFilter.parse(List.of("a"), List.of("p1", "p2"), List.of("x"));

        assertThat(filter.matches(event("a", "p1", "x"))).isTrue();
        assertThat(filter.matches(event("a", "p2", "x"))).isTrue();
        assertThat(filter.matches(event("b", "p1", "x"))).as("wrong type").isFalse();
        assertThat(filter.matches(event("a", "p3", "x"))).as("wrong project").isFalse();
        assertThat(filter.matches(event("a", "p1", "y"))).as("wrong agent").isFalse();
    }

    @Test
    void eventWithoutProject_doesNotMatchAProjectFilter_butMatchesWhenProjectIsUnrestricted() {
        EventFilter byProject = EventFilter.parse(List.of(), List.of("p"), List.of());
        EventFilter byType = EventFilter.parse(List.of("a"), List.of(), List.of());

        assertThat(byProject.matches(event("a", null, "x"))).isFalse();
        assertThat(byType.matches(event("a", null, "x"))).isTrue();
    }

    @Test
    void eventWithoutAgent_doesNotMatchAnAgentFilter() {
        EventFilter byAgent = EventFilter.parse(List.of(), List.of(), List.of("x"));

        assertThat(byAgent.matches(event("a", "p", null))).isFalse();
        assertThat(byAgent.matches(event("a", "p", "x"))).isTrue();
    }

    @Test
    void commaList_andRepeatedParameter_meanTheSame() {
        EventFilter commas = EventFilter.parse(List.of("a,b,c"), List.of("p1,p2"), List.of("x"));
        EventFilter repeated = EventFilter.parse(List.of("a", "b", "c"), List.of("p1", "p2"), List.of("x"));
        EventFilter mixed = EventFilter.parse(List.of("a,b", "c"), List.of("p2", "p1"), List.of("x"));

        assertThat(commas).isEqualTo(repeated).isEqualTo(mixed);
        assertThat(commas.types()).containsExactlyInAnyOrder(
                new EventType("a"), new EventType("b"), new EventType("c"));
        assertThat(commas.projectIds()).containsExactlyInAnyOrder(new ProjectId("p1"), new ProjectId("p2"));
        assertThat(commas.agentIds()).containsExactly(new AgentId("x"));
    }

    @Test
    void repeatedValue_isKeptOnce() {
        EventFilter filter = EventFilter.parse(List.of("a,a", "a"), List.of(), List.of());

        assertThat(filter.types()).containsExactly(new EventType("a"));
    }

    @Test
    void valuesUsingTheWholeAlphabet_areAccepted() {
        EventFilter filter = EventFilter.parse(List.of("Session_Ended.v2:x-1"), List.of(), List.of());

        assertThat(filter.types()).containsExactly(new EventType("Session_Ended.v2:x-1"));
    }

    @Test
    void filter_isImmutable() {
        EventFilter filter = EventFilter.parse(List.of("a"), List.of(), List.of());

        assertThatThrownBy(() -> filter.types().add(new EventType("b")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> emptyItems() {
        return Stream.of(Dimension.values()).flatMap(dimension -> Stream.of(
                Arguments.of(dimension, List.of("a,,b")),
                Arguments.of(dimension, List.of("a,")),
                Arguments.of(dimension, List.of(",a")),
                Arguments.of(dimension, List.of("")),
                Arguments.of(dimension, List.of("a", ""))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("emptyItems")
    void emptyItem_isRefused_namingDimensionAndRule(Dimension dimension, List<String> raw) {
        assertThatThrownBy(() -> parseIn(dimension, raw))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    assertThat(e.dimension()).isEqualTo(dimension);
                    assertThat(e.rule()).isEqualTo("must not contain an empty item");
                    assertThat(e).hasMessage("'" + dimension.fieldName() + "' must not contain an empty item");
                });
    }

    @ParameterizedTest
    @EnumSource(Dimension.class)
    void itemOf64Characters_isAccepted_65IsRefused(Dimension dimension) {
        String longest = "x".repeat(64);

        assertThat(valuesOf(parseIn(dimension, List.of(longest)), dimension)).hasSize(1);
        assertThatThrownBy(() -> parseIn(dimension, List.of("ok," + longest + "y")))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    assertThat(e.dimension()).isEqualTo(dimension);
                    assertThat(e.rule()).isEqualTo("items must be at most 64 characters, got 65");
                    assertThat(e).hasMessage("'" + dimension.fieldName() + "' items must be at most 64 characters, got 65");
                });
    }

    static Stream<Arguments> badCharacters() {
        return Stream.of(Dimension.values()).flatMap(dimension -> Stream.of(
                Arguments.of(dimension, "a b", "a b"),
                Arguments.of(dimension, "a/b", "a/b"),
                Arguments.of(dimension, "caf\u00e9", "caf\u00e9"),
                Arguments.of(dimension, "a\rb", "a\\u000db"),
                Arguments.of(dimension, "a\nb", "a\\u000ab"),
                Arguments.of(dimension, "a\0b", "a\\u0000b"),
                Arguments.of(dimension, "a*", "a*")));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("badCharacters")
    void itemWithCharacterOutsideTheAlphabet_isRefused_quotingItPrintably(Dimension dimension, String item,
                                                                          String printable) {
        assertThatThrownBy(() -> parseIn(dimension, List.of("ok", item)))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    assertThat(e.dimension()).isEqualTo(dimension);
                    assertThat(e.rule()).isEqualTo("items must use only [A-Za-z0-9_.:-], got \"" + printable + "\"");
                    assertThat(e.getMessage()).startsWith("'" + dimension.fieldName() + "' items must use only")
                            .doesNotContain("\r", "\n", "\0");
                });
    }

    @ParameterizedTest
    @EnumSource(Dimension.class)
    void exactly100Values_areAccepted(Dimension dimension) {
        EventFilter filter = parseIn(dimension, List.of(String.join(",", distinctValues(100))));

        assertThat(valuesOf(filter, dimension)).hasSize(EventFilter.MAX_VALUES);
    }

    @ParameterizedTest
    @EnumSource(Dimension.class)
    void moreThan100Values_areRefused_whetherCommaListedOrRepeated(Dimension dimension) {
        List<String> values = distinctValues(101);

        for (List<String> raw : List.of(List.of(String.join(",", values)), values,
                List.of(String.join(",", values.subList(0, 60)), String.join(",", values.subList(60, 101))))) {
            assertThatThrownBy(() -> parseIn(dimension, raw))
                    .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                        assertThat(e.dimension()).isEqualTo(dimension);
                        assertThat(e.rule()).isEqualTo("must list at most 100 values");
                        assertThat(e).hasMessage("'" + dimension.fieldName() + "' must list at most 100 values");
                    });
        }
    }

    @Test
    void dimensions_areNamedAsClientsNameThem() {
        assertThat(Dimension.TYPES.fieldName()).isEqualTo("types");
        assertThat(Dimension.PROJECT_ID.fieldName()).isEqualTo("project_id");
        assertThat(Dimension.AGENT_ID.fieldName()).isEqualTo("agent_id");
    }

    @Test
    void firstBrokenDimension_isTheOneNamed() {
        assertThatThrownBy(() -> EventFilter.parse(List.of("ok"), List.of("bad/one"), List.of("")))
                .isInstanceOfSatisfying(InvalidFilterException.class,
                        e -> assertThat(e.dimension()).isEqualTo(Dimension.PROJECT_ID));
    }

    @Test
    void invalidFilterException_isAnIllegalArgumentException() {
        assertThatThrownBy(() -> EventFilter.parse(Set.of(""), Set.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
