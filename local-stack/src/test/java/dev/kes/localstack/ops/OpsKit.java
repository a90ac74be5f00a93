package dev.kes.localstack.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The files of the repository's ops/ directory: the alert rules, their promtool tests and the Grafana dashboard. */
public final class OpsKit {
    static final String RULES = "ops/prometheus/kes-alerts.yml";
    static final String RULE_TESTS = "ops/prometheus/kes-alerts.test.yml";
    static final String DASHBOARD = "ops/grafana/kes-dashboard.json";

    private OpsKit() {}

    /** The repository's root, found upwards from the module the tests run in. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve(RULES))) {
            dir = dir.getParent();
            if (dir == null) {
                throw new IllegalStateException(
                        RULES + " not found above " + Path.of("").toAbsolutePath());
            }
        }
        return dir;
    }

    /** Every alerting rule, as parsed from the YAML. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rules() {
        final Map<String, Object> file = new Yaml().load(read(RULES));
        return ((List<Map<String, Object>>) file.get("groups"))
                .stream()
                        .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                        .toList();
    }

    public static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(read(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel of the dashboard, those inside collapsed rows included. */
    public static List<JsonNode> panels() {
        final List<JsonNode> panels = new ArrayList<>();
        for (final JsonNode panel : dashboard().path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Every PromQL expression of ops/, keyed by where it is: "alert X" or "panel 'title' target A". */
    public static Map<String, String> expressions() {
        final Map<String, String> expressions = new LinkedHashMap<>();
        for (final Map<String, Object> rule : rules()) {
            expressions.put("alert " + rule.get("alert"), (String) rule.get("expr"));
        }
        for (final JsonNode panel : panels()) {
            for (final JsonNode target : panel.path("targets")) {
                expressions.put(
                        "panel '" + panel.path("title").asText() + "' target "
                                + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        return expressions;
    }

    private static String read(final String file) {
        try {
            return Files.readString(root().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
