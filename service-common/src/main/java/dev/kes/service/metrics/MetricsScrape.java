package dev.kes.service.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a service's {@code GET /metrics} (Prometheus text format), read back by series name and labels.
 * The client side of what {@code /metrics} exposes: the tests, the benchmarks and scripts check figures through it
 * rather than each parsing the format their own way.
 */
public final class MetricsScrape {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {}

    private final String text;
    private final List<Sample> samples = new ArrayList<>();

    private MetricsScrape(final String text) {
        this.text = text;
        for (final String line : text.split("\n")) {
            final Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.add(new Sample(sample.group(1), labels(sample.group(2)), Double.parseDouble(sample.group(3))));
            }
        }
    }

    public static MetricsScrape parse(final String text) {
        return new MetricsScrape(text);
    }

    /** The value of the series with exactly these labels (name, value, name, value …), if present. */
    public OptionalDouble value(final String name, final String... labels) {
        final Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return samples.stream()
                .filter(s -> s.name.equals(name) && s.labels.equals(wanted))
                .mapToDouble(Sample::value)
                .findFirst();
    }

    /** The value, or 0 when the series is not there (yet). */
    public double valueOrZero(final String name, final String... labels) {
        return value(name, labels).orElse(0);
    }

    /** The sum of every series of {@code name} (0 when there is none). */
    public double sum(final String name) {
        return samples.stream()
                .filter(s -> s.name.equals(name))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** The sum of the series of {@code name} that carry {@code label="value"} among others (0 when none does). */
    public double sum(final String name, final String label, final String value) {
        return samples.stream()
                .filter(s -> s.name.equals(name) && value.equals(s.labels.get(label)))
                .mapToDouble(Sample::value)
                .sum();
    }

    public boolean hasSeriesStartingWith(final String prefix) {
        return samples.stream().anyMatch(s -> s.name.startsWith(prefix));
    }

    public String text() {
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
}
