package dev.headspace.sse.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class EventIdTest {

    @Test
    void text_isMillisDashSequence_andParsesBack() {
        EventId id = new EventId(1_700_000_000_000L, 42);

        assertThat(id).hasToString("1700000000000-42");
        assertThat(EventId.parse("1700000000000-42")).isEqualTo(id);
        assertThat(EventId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void largestValues_roundTrip() {
        EventId id = new EventId(Long.MAX_VALUE, Long.MAX_VALUE);

        assertThat(EventId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void zero_isAValidId() {
        assertThat(EventId.parse("0-0")).isEqualTo(new EventId(0, 0));
    }

    @Test
    void ids_orderByMillisThenSequence() {
        EventId early = new EventId(100, 5);
        EventId sameMillisLater = new EventId(100, 6);
        EventId laterMillis = new EventId(101, 0);

        assertThat(early).isLessThan(sameMillisLater);
        assertThat(sameMillisLater).isLessThan(laterMillis);
        assertThat(early.compareTo(new EventId(100, 5))).isZero();
        assertThat(laterMillis.isAfter(sameMillisLater)).isTrue();
        assertThat(sameMillisLater.isAfter(laterMillis)).isFalse();
        assertThat(early.isAfter(new EventId(100, 5))).isFalse();
    }

    @Test
    void ordering_isNumeric_notLexicographic() {
        assertThat(EventId.parse("9-0")).isLessThan(EventId.parse("10-0"));
        assertThat(EventId.parse("1-9")).isLessThan(EventId.parse("1-10"));

        List<EventId> ids = new ArrayList<>(List.of(EventId.parse("10-0"), EventId.parse("9-10"),
                EventId.parse("9-2"), EventId.parse("100-0")));
        Collections.sort(ids);
        assertThat(ids).extracting(EventId::toString).containsExactly("9-2", "9-10", "10-0", "100-0");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "abc", "1-", "-1", "-", "1-2-3", "1--2", "1-a", "a-1", " 1-2", "1-2 ", "+1-2", "1-+2",
            "1.0-2", "1_000-2", "\u0661-2", "1-2\r", "1-2\n", "1\r\n-2", "1-2\0"})
    void malformedText_isRefused_quotingItPrintably(String text) {
        assertThatThrownBy(() -> EventId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'id' must be <epoch-millis>-<sequence>, got \"")
                .hasMessageNotContainingAny("\r", "\n", "\0");
    }

    @Test
    void null_isRefused() {
        assertThatThrownBy(() -> EventId.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'id' must be <epoch-millis>-<sequence>, got \"null\"");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"9223372036854775808-0", "0-9223372036854775808", "99999999999999999999-1"})
    void partsBeyond63Bits_areRefused(String text) {
        assertThatThrownBy(() -> EventId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'id' parts must fit in 63 bits, got \"" + text + "\"");
    }

    @Test
    void overlongText_isRefused_withoutParsing() {
        String text = "1".repeat(30) + "-" + "2".repeat(30);

        assertThatThrownBy(() -> EventId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'id' must be <epoch-millis>-<sequence>");
    }

    @Test
    void negativeParts_areRefused_byTheConstructor() {
        assertThatThrownBy(() -> new EventId(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'id' millis must be >= 0, got -1");
        assertThatThrownBy(() -> new EventId(0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'id' sequence must be >= 0, got -1");
    }
}
