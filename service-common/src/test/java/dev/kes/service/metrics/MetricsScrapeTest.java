package dev.kes.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsScrapeTest {
    private static final String TEXT = """
            # HELP kes_projection_events_applied_total Events applied
            # TYPE kes_projection_events_applied_total counter
            kes_projection_events_applied_total{view="balances"} 1000.0
            kes_projection_events_applied_total{view="event-index"} 999.0
            kes_projection_events_unknown_type_total 2.0
            jvm_threads_live_threads 42.0
            """;

    @Test
    void sumsSeriesByNameAndLabel() {
        final MetricsScrape samples = MetricsScrape.parse(TEXT);
        assertThat(samples.sum("kes_projection_events_applied_total", "view", "balances"))
                .isEqualTo(1000.0);
        assertThat(samples.sum("kes_projection_events_applied_total")).isEqualTo(1999.0);
        assertThat(samples.sum("kes_projection_events_unknown_type_total")).isEqualTo(2.0);
        assertThat(samples.sum("kes_projection_events_applied_total", "view", "bal"))
                .isZero();
        assertThat(samples.sum("absent")).isZero();
    }

    @Test
    void readsOneSeriesByItsExactLabels() {
        final MetricsScrape scrape =
                MetricsScrape.parse(TEXT + "kes_commands_total{outcome=\"accepted\",type=\"DepositMoney\"} 7.0\n");
        assertThat(scrape.value("kes_commands_total", "type", "DepositMoney", "outcome", "accepted"))
                .hasValue(7.0);
        assertThat(scrape.value("kes_commands_total", "type", "DepositMoney")).isEmpty();
        assertThat(scrape.valueOrZero("kes_projection_events_unknown_type_total"))
                .isEqualTo(2.0);
        assertThat(scrape.valueOrZero("absent")).isZero();
        assertThat(scrape.hasSeriesStartingWith("jvm_threads_")).isTrue();
        assertThat(scrape.hasSeriesStartingWith("jvm_gc_")).isFalse();
    }
}
