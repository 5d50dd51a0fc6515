package dev.headspace.sse.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TaskStateTest {

    /** The transition table, the one place it is written: from, trigger, to. */
    private static final List<String> TABLE = List.of(
            "idle user:command commanded",
            "commanded agent:progress processing",
            "commanded agent:question awaiting_input",
            "commanded agent:completion complete",
            "processing agent:progress processing",
            "processing agent:question awaiting_input",
            "processing agent:completion complete",
            "awaiting_input user:answer processing");
    private static final Set<String> ALLOWED = TABLE.stream()
            .map(row -> row.substring(0, row.lastIndexOf(' '))).collect(Collectors.toSet());

    static Stream<Arguments> allowedTransitions() {
        return TABLE.stream().map(row -> row.split(" ")).map(cells -> Arguments.of(cells[0], cells[1], cells[2]));
    }

    static Stream<Arguments> refusedCombinations() {
        return Stream.of(TaskState.values()).flatMap(state -> Stream.of(Actor.values())
                .flatMap(actor -> Stream.of(Intent.values()).map(intent -> new Trigger(actor, intent)))
                .filter(trigger -> !ALLOWED.contains(state.wireName() + " " + trigger))
                .map(trigger -> Arguments.of(state, trigger)));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("allowedTransitions")
    void allowedTrigger_movesToNextState(String from, String trigger, String to) {
        assertThat(TaskState.fromWireName(from).next(Trigger.parse(trigger))).contains(TaskState.fromWireName(to));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("refusedCombinations")
    void otherTrigger_isRefused_withReasonNamingTriggerAndState(TaskState state, Trigger trigger) {
        assertThat(state.next(trigger)).isEmpty();
        assertThat(state.refusalReason(trigger))
                .startsWith("'trigger' " + trigger + " is not allowed in state " + state.wireName());
    }

    @Test
    void refusedCombinations_areEveryCombinationButTheEightAllowed() {
        assertThat(refusedCombinations()).hasSize(TaskState.values().length * Actor.values().length
                * Intent.values().length - ALLOWED.size());
    }

    @Test
    void commandWhileAwaitingInput_isRefused_askingForANewTask() {
        Trigger command = new Trigger(Actor.USER, Intent.COMMAND);

        assertThat(TaskState.AWAITING_INPUT.next(command)).isEmpty();
        assertThat(TaskState.AWAITING_INPUT.refusalReason(command)).endsWith("start a new task");
    }

    @ParameterizedTest
    @MethodSource("everyTrigger")
    void complete_isTerminal(Trigger trigger) {
        assertThat(TaskState.COMPLETE.next(trigger)).isEmpty();
        assertThat(TaskState.COMPLETE.refusalReason(trigger)).endsWith("complete is terminal");
    }

    static Stream<Trigger> everyTrigger() {
        return Stream.of(Actor.values())
                .flatMap(actor -> Stream.of(Intent.values()).map(intent -> new Trigger(actor, intent)));
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void wireName_isLowercase_andParsesBack(TaskState state) {
        assertThat(state.wireName()).isEqualTo(state.name().toLowerCase());
        assertThat(TaskState.fromWireName(state.wireName())).isEqualTo(state);
    }

    @Test
    void unknownWireName_isRefused_listingTheStates() {
        assertThatThrownBy(() -> TaskState.fromWireName("done"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'state' must be one of idle, commanded, processing, awaiting_input, complete, got \"done\"");
    }
}
