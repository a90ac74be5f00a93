package dev.kes.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

/** Given events, when a command, then events or a rejection: the decider under test, nothing else. */
final class Scenario {
    static final String ID = "acc-1";
    static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");

    private final Account state;
    private Decision decision;

    private Scenario(final Account state) {
        this.state = state;
    }

    static Scenario given(final AccountEvent... history) {
        return new Scenario(AccountDecider.replay(ID, List.of(history)));
    }

    Scenario when(final AccountCommand command) {
        decision = AccountDecider.decide(command, state, NOW);
        return this;
    }

    Scenario then(final AccountEvent... expected) {
        assertThat(decision).isEqualTo(new Decision.Accepted(List.of(expected)));
        return this;
    }

    Scenario thenRejected(final Rejection.Reason reason, final String messagePart) {
        assertThat(decision).isInstanceOfSatisfying(Decision.Rejected.class, rejected -> {
            assertThat(rejected.rejection().reason()).isEqualTo(reason);
            assertThat(rejected.rejection().message()).contains(messagePart);
            assertThat(rejected.rejection().currentVersion()).isEqualTo(state.version());
        });
        return this;
    }
}
