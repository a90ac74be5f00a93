package dev.kes.localstack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ops/ as an operator uses it: promtool (Debian package prometheus; .ci/run installs it) checks the alert rules and
 * runs their unit tests, where it is on the PATH; the rules carry what routing and notifications need, and the
 * dashboard imports into Grafana as is. Whether the series they use exist is {@link OpsKitMetricsTest}'s part.
 */
class OpsKitTest {
    private static final long PROMTOOL_TIMEOUT_SECONDS = 60;

    @Test
    void promtoolFindsTheAlertRulesValid() throws Exception {
        final String output = promtool("check", "rules", OpsKit.RULES);
        assertThat(output).contains("SUCCESS: " + OpsKit.rules().size() + " rules found");
    }

    @Test
    void theAlertRulesPassTheirPromtoolUnitTests() throws Exception {
        assertThat(promtool("test", "rules", OpsKit.RULE_TESTS)).contains("SUCCESS");
    }

    @Test
    void everyAlertHasASeverityASummaryADescriptionAndTestsThatFireIt() throws Exception {
        final String tests = Files.readString(OpsKit.root().resolve(OpsKit.RULE_TESTS));
        final List<Map<String, Object>> rules = OpsKit.rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(7);
        for (final Map<String, Object> rule : rules) {
            final Object name = rule.get("alert");
            assertThat(rule.get("labels"))
                    .as("labels of %s", name)
                    .asInstanceOf(MAP)
                    .extractingByKey("severity")
                    .isIn("warning", "critical");
            assertThat(rule.get("annotations"))
                    .as("annotations of %s", name)
                    .asInstanceOf(MAP)
                    .containsKeys("summary", "description");
            // promtool compares each evaluation's alerts exactly (labels and annotations), so a test of the alert
            // shows both the series that fire it and those, in the same input, that do not
            assertThat(tests).as("a promtool test of %s", name).contains("alertname: " + name + "\n");
        }
    }

    @Test
    void theDashboardImportsAsIsWithAPrometheusDatasourceVariable() {
        final JsonNode dashboard = OpsKit.dashboard();
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("id").isNull())
                .as("no id: Grafana assigns one on import")
                .isTrue();
        final JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("datasource");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");

        final Set<Integer> ids = new HashSet<>();
        final List<String> titles = new ArrayList<>();
        for (final JsonNode panel : OpsKit.panels()) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("panel id %s unique", panel.path("id"))
                    .isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).isPositive();
            titles.add(panel.path("title").asText());
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText())
                    .as(panel.path("title").asText())
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (final JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(target.path("expr").asText()).isNotBlank();
            }
        }
        assertThat(titles)
                .contains("Commands", "HTTP", "Dead letters", "Projection", "Transfers", "Kafka Streams", "JVM");
    }

    /** Runs promtool in the repository's root; skips the test where promtool is not installed. */
    private static String promtool(final String... args) throws IOException, InterruptedException {
        final Optional<Path> promtool = onPath("promtool");
        assumeTrue(
                promtool.isPresent(),
                "promtool is not on the PATH (Debian package prometheus; .ci/run installs "
                        + "it): the alert rules are not checked by promtool here");
        final List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
        command.addAll(List.of(args));
        final Path output = Files.createTempFile("promtool", ".out");
        try {
            final Process process = new ProcessBuilder(command)
                    .directory(OpsKit.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(PROMTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        String.join(" ", command) + " did not finish in " + PROMTOOL_TIMEOUT_SECONDS + " s");
            }
            final String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue())
                    .as(String.join(" ", command) + ":\n" + text)
                    .isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Optional<Path> onPath(final String executable) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
