package dev.kes.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a service's {@code GET /metrics} (Prometheus text format), read back by series name and label. */
final class PrometheusSamples {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");

    private record Sample(String name, String labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    PrometheusSamples(final String text) {
        for (final String line : text.split("\n")) {
            final Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.add(new Sample(sample.group(1), sample.group(2) == null ? "" : sample.group(2),
                        Double.parseDouble(sample.group(3))));
            }
        }
    }

    /** The sum of every series of {@code name} (0 when there is none). */
    double sum(final String name) {
        return samples.stream().filter(s -> s.name.equals(name)).mapToDouble(Sample::value).sum();
    }

    /** The sum of the series of {@code name} that carry {@code label="value"} (0 when there is none). */
    double sum(final String name, final String label, final String value) {
        final String wanted = label + "=\"" + value + "\"";
        return samples.stream().filter(s -> s.name.equals(name) && containsLabel(s.labels, wanted))
                .mapToDouble(Sample::value).sum();
    }

    private static boolean containsLabel(final String labels, final String wanted) {
        for (final String label : labels.split(",")) {
            if (label.strip().equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
