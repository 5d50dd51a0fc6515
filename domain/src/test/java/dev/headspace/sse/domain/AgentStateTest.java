package dev.headspace.sse.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentStateTest {

    @Test
    void missingTaskId_isRefused_namingTheField() {
        assertThatThrownBy(() -> new AgentState(new ProjectId("p"), new AgentId("a"), null, TaskState.COMMANDED,
                Instant.EPOCH, Trigger.parse("user:command")))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'task_id' must not be null");
    }

    @Test
    void badTaskId_isRefused_withTheSyntaxRule() {
        assertThatThrownBy(() -> new TaskId("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'task_id' must be 1-64 characters of [A-Za-z0-9_.:-]");
    }
}
