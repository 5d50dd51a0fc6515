package dev.headspace.sse.adapter.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SocketBudgetTest {

    @Test
    void derived_keepsATenthOfTheDescriptorLimit_andAtLeast64_forEverythingElse() {
        assertThat(SocketBudget.of(0, 1_048_576)).isEqualTo(new SocketBudget(943_719, 1_048_576, false));
        assertThat(SocketBudget.of(0, 1_024)).isEqualTo(new SocketBudget(922, 1_024, false));
        assertThat(SocketBudget.of(0, 256)).isEqualTo(new SocketBudget(192, 256, false));
    }

    @Test
    void configuredBelowTheSafeBound_isKept_andAboveItIsLowered() {
        assertThat(SocketBudget.of(500, 1_024)).isEqualTo(new SocketBudget(500, 1_024, false));
        assertThat(SocketBudget.of(5_000, 1_024)).isEqualTo(new SocketBudget(922, 1_024, true));
    }

    @Test
    void unknownDescriptorLimit_usesTheConfiguredCapOrTenThousand() {
        assertThat(SocketBudget.of(0, -1)).isEqualTo(new SocketBudget(10_000, -1, false));
        assertThat(SocketBudget.of(300, -1)).isEqualTo(new SocketBudget(300, -1, false));
    }

    @Test
    void thisProcess_hasADescriptorLimit_andTheCapIsBelowIt() {
        SocketBudget budget = SocketBudget.of(0);

        assertThat(budget.descriptorLimit()).isPositive();
        assertThat((long) budget.sockets()).isLessThan(budget.descriptorLimit());
    }
}
