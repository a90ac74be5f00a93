package dev.kes.localstack.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.localstack.ops.PromQlSelectors.Matcher;
import dev.kes.localstack.ops.PromQlSelectors.Selector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scanner behind OpsKitMetricsTest finds the series an expression selects, and only those. */
class PromQlSelectorsTest {
    @Test
    void findsMetricNamesAndMatchersAndSkipsFunctionsAggregationsGroupingAndDurations() {
        final String expr = """
                histogram_quantile(0.99, sum by (job, le) (rate(kes_command_duration_seconds_bucket{type="A\\"b",
                  route!~"/health/.*"}[$__rate_interval] offset 10m)))
                > on () group_left max without (instance) (kafka_stream_client_state) + 0.5
                or (kes_dlq_records_total unless kes_dlq_records_total offset 5m) and bool vector(0)
                """;
        assertThat(PromQlSelectors.of(expr))
                .containsExactly(
                        new Selector(
                                "kes_command_duration_seconds_bucket",
                                List.of(new Matcher("type", "=", "A\"b"), new Matcher("route", "!~", "/health/.*"))),
                        new Selector("kafka_stream_client_state", List.of()),
                        new Selector("kes_dlq_records_total", List.of()),
                        new Selector("kes_dlq_records_total", List.of()));
    }

    @Test
    void aSelectorIsMatchedAgainstTheScrapedNamesLabelsAndValues() {
        final ScrapedSamples scraped = new ScrapedSamples();
        scraped.add("""
                # TYPE kes_commands_rejected_total counter
                kes_commands_rejected_total{reason="conflict",type="DepositMoney"} 1.0
                kes_http_requests_seconds_count{method="GET",route="/accounts/{id}",status="200"} 3
                """);
        assertThat(scraped.names()).containsExactly("kes_commands_rejected_total", "kes_http_requests_seconds_count");
        assertThat(scraped.mismatch(PromQlSelectors.of("rate(kes_commands_rejected_total{reason=\"conflict\"}[5m])")
                        .get(0)))
                .isNull();
        assertThat(scraped.mismatch(PromQlSelectors.of("kes_http_requests_seconds_count{status=~\"5..\"}")
                        .get(0)))
                .isNull();
        assertThat(scraped.mismatch(PromQlSelectors.of("kes_commands_rejected_total{reason=\"conflicts\"}")
                        .get(0)))
                .isEqualTo("kes_commands_rejected_total has no series with reason=\"conflicts\", only [conflict]");
        assertThat(scraped.mismatch(PromQlSelectors.of("kes_commands_rejected_total{code=\"x\"}")
                        .get(0)))
                .isEqualTo("kes_commands_rejected_total has no label code");
        assertThat(scraped.mismatch(
                        PromQlSelectors.of("kes_http_requests_seconds_bucket").get(0)))
                .isEqualTo("kes_http_requests_seconds_bucket is not exported");
    }
}
