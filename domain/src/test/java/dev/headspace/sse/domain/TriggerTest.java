package dev.headspace.sse.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TriggerTest {

    @Test
    void text_isActorColonIntent_andParsesBack() {
        Trigger trigger = new Trigger(Actor.AGENT, Intent.COMPLETION);

        assertThat(trigger).hasToString("agent:completion");
        assertThat(Trigger.parse("agent:completion")).isEqualTo(trigger);
    }

    @Test
    void onlyUserCommand_startsATask() {
        assertThat(Trigger.parse("user:command").startsTask()).isTrue();
        assertThat(Trigger.parse("agent:command").startsTask()).isFalse();
        assertThat(Trigger.parse("user:answer").startsTask()).isFalse();
    }

    @Test
    void textWithoutColon_isRefused() {
        assertThatThrownBy(() -> Trigger.parse("user"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'trigger' must be <actor>:<intent>, got \"user\"");
    }

    @Test
    void unknownActorOrIntent_isRefused_listingTheAllowedValues() {
        assertThatThrownBy(() -> Trigger.parse("robot:command"))
                .hasMessage("'actor' must be one of user, agent, got \"robot\"");
        assertThatThrownBy(() -> Trigger.parse("user:nudge"))
                .hasMessage("'intent' must be one of command, progress, question, completion, answer, got \"nudge\"");
    }
}
