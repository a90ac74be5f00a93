package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaults() {
        final BenchOptions options = BenchOptions.parse("all");
        assertThat(options.benchmark()).isEqualTo("all");
        assertThat(options.records()).isEqualTo(1_000_000);
        assertThat(options.rawRecords()).isEqualTo(5_000_000);
        assertThat(options.accounts()).isEqualTo(1_000);
        assertThat(options.rate()).isEqualTo(500);
        assertThat(options.durationSeconds()).isEqualTo(30);
        assertThat(options.commitIntervals()).containsExactly(100L);
        assertThat(options.bootstrap()).isNull();
        assertThat(options.partitions()).isEqualTo(6);
    }

    @Test
    void everyOption() {
        final BenchOptions options = BenchOptions.parse(
                "http-latency",
                "--records",
                "1_000",
                "--raw-records",
                "7",
                "--accounts",
                "10",
                "--rate",
                "50",
                "--duration",
                "3",
                "--warmup",
                "0",
                "--commit-interval-ms",
                "20, 100,500",
                "--bootstrap",
                "broker:9092",
                "--partitions",
                "3",
                "--connections",
                "8",
                "--threads",
                "4",
                "--stream-threads",
                "2",
                "--rounds",
                "3",
                "--rates",
                "100, 200,400");
        assertThat(options)
                .isEqualTo(new BenchOptions(
                        "http-latency",
                        1_000,
                        7,
                        10,
                        50,
                        3,
                        0,
                        List.of(20L, 100L, 500L),
                        "broker:9092",
                        3,
                        8,
                        4,
                        50,
                        2,
                        3,
                        1,
                        List.of(100, 200, 400)));
    }

    @Test
    void httpCapacityStepsThroughShortWindows() {
        final BenchOptions capacity = BenchOptions.parse("http-capacity");
        assertThat(capacity.rates()).containsExactly(500, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 8_000);
        assertThat(capacity.warmupSeconds()).isEqualTo(3);
        assertThat(capacity.durationSeconds()).isEqualTo(10);
        assertThat(BenchOptions.parse("http-capacity", "--duration", "20", "--warmup", "1")
                        .durationSeconds())
                .isEqualTo(20);
        assertThat(BenchOptions.parse("http-latency").durationSeconds()).isEqualTo(30);
        assertThatThrownBy(() -> BenchOptions.parse("http-capacity", "--rates", "1000,500"))
                .hasMessageContaining("must increase");
    }

    @Test
    void brokersAreAnEmbeddedCluster() {
        assertThat(BenchOptions.parse("write-to-read").brokers()).isEqualTo(1);
        assertThat(BenchOptions.parse("write-to-read", "--brokers", "3").brokers())
                .isEqualTo(3);
        assertThatThrownBy(() -> BenchOptions.parse("http-latency", "--brokers", "3", "--bootstrap", "b:9092"))
                .hasMessageContaining("--brokers starts an embedded cluster");
    }

    @Test
    void projectionBenchmarksHaveTheirOwnDefaults() {
        final BenchOptions catchUp = BenchOptions.parse("projection-catchup");
        assertThat(catchUp.records()).isEqualTo(1_000_000);
        assertThat(catchUp.accounts()).isEqualTo(10_000);
        final BenchOptions queries = BenchOptions.parse("query-load");
        assertThat(queries.records()).isEqualTo(100_000);
        assertThat(queries.accounts()).isEqualTo(10_000);
        assertThat(queries.connections()).isEqualTo(32);
        assertThat(queries.threads()).isEqualTo(2);
        assertThat(BenchOptions.parse("query-load", "--records", "500", "--accounts", "50")
                        .records())
                .isEqualTo(500);
    }

    @Test
    void bareProjectionRunsOnTheCatchUpDefaults() {
        final BenchOptions bare = BenchOptions.parse("bare-projection", "--stream-threads", "2");
        assertThat(bare.records()).isEqualTo(1_000_000);
        assertThat(bare.accounts()).isEqualTo(10_000);
        assertThat(bare.partitions()).isEqualTo(6);
        assertThat(bare.streamThreads()).isEqualTo(2);
        assertThatThrownBy(() -> BenchOptions.parse("bare-projection", "--records", "5000"))
                .hasMessageContaining("at least --accounts");
    }

    @Test
    void stateRecoveryCountsEventsPerAccount() {
        final BenchOptions recovery = BenchOptions.parse("state-recovery");
        assertThat(recovery.accounts()).isEqualTo(100_000);
        assertThat(recovery.eventsPerAccount()).isEqualTo(50);
        assertThat(recovery.records()).isEqualTo(5_000_000);
        final BenchOptions small =
                BenchOptions.parse("state-recovery", "--accounts", "10000", "--events-per-account", "20");
        assertThat(small.records()).isEqualTo(200_000);
        assertThat(small.withAccounts(1_000).records()).isEqualTo(20_000);
        assertThatThrownBy(() ->
                        BenchOptions.parse("state-recovery", "--accounts", "100000", "--events-per-account", "100000"))
                .hasMessageContaining("below 2^31");
        assertThatThrownBy(() -> BenchOptions.parse("state-recovery", "--records", "10"))
                .hasMessageContaining("--records does not apply");
    }

    @Test
    void projectionBenchmarksOpenEveryAccountFirst() {
        assertThatThrownBy(() -> BenchOptions.parse("projection-catchup", "--records", "5000"))
                .hasMessageContaining("at least --accounts");
    }

    @Test
    void rawRecordsFollowRecords() {
        assertThat(BenchOptions.parse("raw-producer", "--records", "1000").rawRecords())
                .isEqualTo(5_000);
    }

    @Test
    void jitWarmUpIsATenthButNotTiny() {
        assertThat(BenchOptions.parse("all").forJitWarmUp().records()).isEqualTo(100_000);
        assertThat(BenchOptions.parse("all", "--records", "5000").forJitWarmUp().records())
                .isEqualTo(10_000);
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> BenchOptions.parse()).hasMessageContaining("no benchmark");
        assertThatThrownBy(() -> BenchOptions.parse("fast")).hasMessageContaining("unknown benchmark 'fast'");
        assertThatThrownBy(() -> BenchOptions.parse("all", "--records"))
                .hasMessageContaining("--records needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("all", "--records", "0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchOptions.parse("all", "--rate", "x")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> BenchOptions.parse("all", "--speed", "1")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> BenchOptions.parse("all", "--help")).hasMessage("");
        assertThatThrownBy(() -> BenchOptions.parse("query-load", "--connections", "1", "--threads", "2"))
                .hasMessageContaining("must not exceed");
    }
}
