package dev.kes.localstack.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The samples of Prometheus text expositions (format 0.0.4), by sample name as PromQL sees it: a histogram's
 * {@code _bucket}, {@code _sum} and {@code _count} lines are samples of their own name, a counter's {@code _total}.
 */
public final class ScrapedSamples {
    private final Map<String, List<Map<String, String>>> labelsByName = new HashMap<>();

    /** Adds every sample line of one {@code GET /metrics} answer. */
    public void add(final String exposition) {
        for (final String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int at = 0;
            while (at < line.length() && line.charAt(at) != '{' && line.charAt(at) != ' ') {
                at++;
            }
            final String name = line.substring(0, at);
            final Map<String, String> labels = new LinkedHashMap<>();
            if (at < line.length() && line.charAt(at) == '{') {
                at++;
                while (line.charAt(at) != '}') {
                    final int eq = line.indexOf('=', at);
                    final String label = line.substring(at, eq);
                    final StringBuilder value = new StringBuilder();
                    at = eq + 2;
                    while (line.charAt(at) != '"') {
                        if (line.charAt(at) == '\\') {
                            at++;
                        }
                        value.append(line.charAt(at++));
                    }
                    at++;
                    if (line.charAt(at) == ',') {
                        at++;
                    }
                    labels.put(label, value.toString());
                }
            }
            labelsByName.computeIfAbsent(name, n -> new ArrayList<>()).add(labels);
        }
    }

    public Set<String> names() {
        return new TreeSet<>(labelsByName.keySet());
    }

    /**
     * Why no scraped sample matches the selector, or null when one does: the name is missing, a matcher's label is
     * on none of its samples, or no sample has an {@code =} matcher's value. Regex and negative matchers only need
     * their label to exist: a healthy stack has no 5xx answer for {@code status=~"5.."} to match.
     */
    public String mismatch(final PromQlSelectors.Selector selector) {
        final List<Map<String, String>> samples = labelsByName.get(selector.metric());
        if (samples == null) {
            return selector.metric() + " is not exported";
        }
        for (final PromQlSelectors.Matcher matcher : selector.matchers()) {
            final boolean labelExists = samples.stream().anyMatch(labels -> labels.containsKey(matcher.label()));
            if (!labelExists) {
                return selector.metric() + " has no label " + matcher.label();
            }
            if (matcher.op().equals("=")
                    && samples.stream().noneMatch(labels -> matcher.value().equals(labels.get(matcher.label())))) {
                return selector.metric() + " has no series with " + matcher.label() + matcher.op() + '"'
                        + matcher.value() + '"' + ", only "
                        + samples.stream()
                                .map(labels -> labels.get(matcher.label()))
                                .distinct()
                                .toList();
            }
        }
        return null;
    }
}
