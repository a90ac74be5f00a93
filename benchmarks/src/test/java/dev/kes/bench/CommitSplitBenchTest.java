package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitSplitBenchTest {
    @Test
    void variantsAreNamesWithOptionalSettings() {
        assertThat(CommitSplitBench.variants("old:commit.when.caught.up=false,streams.producer.linger.ms=100; new"))
                .containsExactly(
                        new CommitSplitBench.Variant(
                                "old", Map.of("commit.when.caught.up", "false", "streams.producer.linger.ms", "100")),
                        new CommitSplitBench.Variant("new", Map.of()));
    }

    @Test
    void aSettingWithoutAValueIsRefused() {
        assertThatThrownBy(() -> CommitSplitBench.variants("a:linger"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'linger' of variant a is not key=value");
    }

    @Test
    void brokerMetricsOfAWindowAreTheDifferenceOfTwoSnapshots() {
        final var before = new BrokerRequestMetrics.Snapshot(
                Map.of("EndTxn.TotalTimeMs", new BrokerRequestMetrics.Phase(10, 20, 5)),
                Map.of("EndTxn/CONCURRENT_TRANSACTIONS", 1L));
        final var after = new BrokerRequestMetrics.Snapshot(
                Map.of("EndTxn.TotalTimeMs", new BrokerRequestMetrics.Phase(14, 40, 9)),
                Map.of("EndTxn/CONCURRENT_TRANSACTIONS", 3L, "Produce/NOT_LEADER_OR_FOLLOWER", 0L));

        final var window = after.minus(before);

        assertThat(window.phase("EndTxn", "TotalTimeMs").count()).isEqualTo(4);
        assertThat(window.phase("EndTxn", "TotalTimeMs").meanMs()).isEqualTo(5.0);
        assertThat(window.errors()).containsExactly(Map.entry("EndTxn/CONCURRENT_TRANSACTIONS", 2L));
    }
}
