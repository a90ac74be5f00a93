package dev.kes.projection.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code GET /metrics} (Prometheus text format), read back series by series. */
final class ScrapedMetrics {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;
    /** "name{sorted labels}" → value */
    private final Map<String, Double> samples = new LinkedHashMap<>();

    ScrapedMetrics(final String text) {
        this.text = text;
        for (final String line : text.split("\n")) {
            final Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(key(sample.group(1), labels(sample.group(2))), Double.parseDouble(sample.group(3)));
            }
        }
    }

    /** The value of the series with exactly these labels (name, value, name, value …), if present. */
    OptionalDouble value(final String name, final String... labels) {
        final Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        final Double value = samples.get(key(name, wanted));
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** The value, or 0 when the series is not there (yet). */
    double valueOrZero(final String name, final String... labels) {
        return value(name, labels).orElse(0);
    }

    boolean hasSeriesStartingWith(final String prefix) {
        return samples.keySet().stream().anyMatch(key -> key.startsWith(prefix));
    }

    String text() {
        return text;
    }

    private static Map<String, String> labels(final String text) {
        final Map<String, String> labels = new TreeMap<>();
        if (text != null) {
            final Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }

    private static String key(final String name, final Map<String, String> labels) {
        return name + labels;
    }
}
