package dev.kes.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The A/B benchmarks (registry-cost, personal-data-cost) run both variants once per round, alternating which goes
 * first so that a machine warming up or slowing down over the run favours neither, and judge by the median ratio.
 */
final class AlternatingRounds {
    private AlternatingRounds() {}

    /** The variants of round {@code round} (1-based), in the order they run: {@code first} first in odd rounds. */
    static List<String> order(final int round, final String first, final String second) {
        return round % 2 == 1 ? List.of(first, second) : List.of(second, first);
    }

    static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The median of each variant's values (one array per variant), rounded to a tenth: {@code 12.3 / 14.1}. */
    static String medians(final double[][] byVariant) {
        return Arrays.stream(byVariant)
                .map(values -> String.valueOf(Result.round1(median(values))))
                .collect(Collectors.joining(" / "));
    }

    /** Each round's ratio as a percentage, e.g. {@code 97.1% 95.4%}. */
    static String percents(final double[] ratios) {
        return Arrays.stream(ratios)
                .mapToObj(ratio -> String.format(Locale.ROOT, "%.1f%%", ratio * 100))
                .collect(Collectors.joining(" "));
    }
}
