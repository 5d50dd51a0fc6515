package dev.headspace.sse.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Event types, project ids and agent ids share one syntax, so each is checked against the same cases. */
@Timeout(10)
class EventTypeTest {

    /** One of the three token records, with the field name its messages use. */
    private record TokenKind(String field, Function<String, Object> create, Function<Object, String> value) {
        @Override
        public String toString() {
            return field;
        }
    }

    private static final TokenKind TYPE = new TokenKind("type", EventType::new, o -> ((EventType) o).value());
    private static final TokenKind PROJECT = new TokenKind("project_id", ProjectId::new, o -> ((ProjectId) o).value());
    private static final TokenKind AGENT = new TokenKind("agent_id", AgentId::new, o -> ((AgentId) o).value());

    static Stream<TokenKind> kinds() {
        return Stream.of(TYPE, PROJECT, AGENT);
    }

    static Stream<Arguments> validValues() {
        return kinds().flatMap(kind -> Stream.of("a", "session_ended", "Proj-1", "agent.7", "ns:kind", "0", "_.:-",
                "x".repeat(64)).map(value -> Arguments.of(kind, value)));
    }

    static Stream<Arguments> invalidValues() {
        return kinds().flatMap(kind -> Stream.of(
                Arguments.of(kind, "", ""),
                Arguments.of(kind, "x".repeat(65), "x".repeat(65)),
                Arguments.of(kind, "a b", "a b"),
                Arguments.of(kind, "a/b", "a/b"),
                Arguments.of(kind, "a,b", "a,b"),
                Arguments.of(kind, "caf\u00e9", "caf\u00e9"),
                Arguments.of(kind, "\u0661", "\u0661"),
                Arguments.of(kind, "a\rb", "a\\u000db"),
                Arguments.of(kind, "a\nb", "a\\u000ab"),
                Arguments.of(kind, "a\r\nevent: evil", "a\\u000d\\u000aevent: evil"),
                Arguments.of(kind, "a\0", "a\\u0000"),
                Arguments.of(kind, "a\tb", "a\\u0009b"),
                Arguments.of(kind, "a\u007f", "a\\u007f")));
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @MethodSource("validValues")
    void valueOfTheAlphabet_upTo64Characters_isAccepted(TokenKind kind, String value) {
        Object token = kind.create().apply(value);

        assertThat(kind.value().apply(token)).isEqualTo(value);
        assertThat(token).hasToString(value);
        assertThat(token).isEqualTo(kind.create().apply(value));
    }

    @ParameterizedTest(name = "{0} \"{2}\"")
    @MethodSource("invalidValues")
    void valueOutsideTheSyntax_isRefused_namingFieldRuleAndPrintableValue(TokenKind kind, String value,
                                                                          String printable) {
        assertThatThrownBy(() -> kind.create().apply(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + kind.field() + "' must be 1-64 characters of [A-Za-z0-9_.:-], got \"" + printable + "\"")
                .hasMessageNotContainingAny("\r", "\n", "\0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void null_isRefused_namingTheField(TokenKind kind) {
        assertThatThrownBy(() -> kind.create().apply(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + kind.field() + "' must not be null");
    }

    @Test
    void veryLongValue_isQuotedCut() {
        assertThatThrownBy(() -> new EventType("y".repeat(500)))
                .hasMessage("'type' must be 1-64 characters of [A-Za-z0-9_.:-], got \"" + "y".repeat(80) + "...\"");
    }

    @Test
    void sameText_inDifferentKinds_areNotEqual() {
        assertThat((Object) new ProjectId("x")).isNotEqualTo(new AgentId("x"));
    }
}
