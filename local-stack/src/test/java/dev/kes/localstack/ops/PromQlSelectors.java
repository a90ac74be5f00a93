package dev.kes.localstack.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The series selectors of a PromQL expression ({@code name{label="value", ...}}), found by a small scanner: strings,
 * range and offset durations, function and aggregation names, grouping label lists and binary keywords are skipped,
 * and every other identifier is a metric name. Enough for the expressions of ops/ (no {@code __name__} matchers); a
 * Grafana variable ({@code $__rate_interval}) only appears inside a range, which is skipped.
 */
public final class PromQlSelectors {
    /** Aggregations are followed by {@code by (...)} or by their argument, not always by a parenthesis. */
    private static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");
    /** Followed by a parenthesised list of label names. */
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    /** One label matcher: {@code op} is {@code =}, {@code !=}, {@code =~} or {@code !~}. */
    public record Matcher(String label, String op, String value) {}

    public record Selector(String metric, List<Matcher> matchers) {}

    private final String expr;
    private int at;

    private PromQlSelectors(final String expr) {
        this.expr = expr;
    }

    public static List<Selector> of(final String expr) {
        return new PromQlSelectors(expr).scan();
    }

    private List<Selector> scan() {
        final List<Selector> selectors = new ArrayList<>();
        while (at < expr.length()) {
            final char c = expr.charAt(at);
            if (c == '"' || c == '\'' || c == '`') {
                string();
            } else if (c == '[') {
                at = expr.indexOf(']', at) + 1;
                if (at == 0) {
                    throw new IllegalArgumentException("unclosed range in " + expr);
                }
            } else if (c == '{') {
                throw new IllegalArgumentException("a selector without a metric name in " + expr);
            } else if (c == '$') {
                at++;
                if (at < expr.length() && expr.charAt(at) == '{') {
                    at = expr.indexOf('}', at) + 1;
                } else {
                    identifier();
                }
            } else if (Character.isDigit(c) || c == '.') {
                // numbers and durations: 0.99, 1e3, 10m
                while (at < expr.length() && (Character.isLetterOrDigit(expr.charAt(at)) || expr.charAt(at) == '.')) {
                    at++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                final String name = identifier();
                skipSpaces();
                final boolean call = at < expr.length() && expr.charAt(at) == '(';
                if (GROUPING.contains(name)) {
                    if (call) {
                        at = expr.indexOf(')', at) + 1;
                    }
                } else if (!call && !AGGREGATIONS.contains(name) && !KEYWORDS.contains(name)) {
                    selectors.add(
                            new Selector(name, at < expr.length() && expr.charAt(at) == '{' ? matchers() : List.of()));
                }
            } else {
                at++;
            }
        }
        return selectors;
    }

    private List<Matcher> matchers() {
        final List<Matcher> matchers = new ArrayList<>();
        at++;
        while (true) {
            skipSpaces();
            if (expr.charAt(at) == '}') {
                at++;
                return matchers;
            }
            final String label = identifier();
            skipSpaces();
            final int opStart = at;
            while ("=!~".indexOf(expr.charAt(at)) >= 0) {
                at++;
            }
            final String op = expr.substring(opStart, at);
            skipSpaces();
            matchers.add(new Matcher(label, op, string()));
            skipSpaces();
            if (expr.charAt(at) == ',') {
                at++;
            }
        }
    }

    private String identifier() {
        final int start = at;
        while (at < expr.length()
                && (Character.isLetterOrDigit(expr.charAt(at)) || expr.charAt(at) == '_' || expr.charAt(at) == ':')) {
            at++;
        }
        return expr.substring(start, at);
    }

    /** A quoted string at {@code at}, unescaped. */
    private String string() {
        final char quote = expr.charAt(at++);
        final StringBuilder value = new StringBuilder();
        while (expr.charAt(at) != quote) {
            if (expr.charAt(at) == '\\' && quote != '`') {
                at++;
            }
            value.append(expr.charAt(at++));
        }
        at++;
        return value.toString();
    }

    private void skipSpaces() {
        while (at < expr.length() && Character.isWhitespace(expr.charAt(at))) {
            at++;
        }
    }
}
