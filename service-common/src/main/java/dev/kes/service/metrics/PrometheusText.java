package dev.kes.service.metrics;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * A minimal Prometheus text exposition: the service's own labelled counters plus every numeric Kafka client or
 * Kafka Streams metric as a gauge. Small on purpose; a metrics library can replace it without touching callers.
 */
public final class PrometheusText {
    private static final Pattern INVALID = Pattern.compile("[^a-zA-Z0-9_]");

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    /** Increments {@code name{labels}}; labels are given pre-rendered as {@code type="deposit"}. */
    public void increment(final String name, final String labels) {
        counters.computeIfAbsent(name + (labels.isEmpty() ? "" : "{" + labels + "}"), k -> new LongAdder()).increment();
    }

    public long value(final String name, final String labels) {
        final LongAdder adder = counters.get(name + (labels.isEmpty() ? "" : "{" + labels + "}"));
        return adder == null ? 0 : adder.sum();
    }

    public String render(final Map<MetricName, ? extends Metric> kafkaMetrics) {
        final StringBuilder out = new StringBuilder();
        new TreeMap<>(counters).forEach((series, adder) -> out.append(series).append(' ').append(adder.sum()).append('\n'));
        final Map<String, String> lines = new TreeMap<>();
        kafkaMetrics.forEach((name, metric) -> {
            if (metric.metricValue() instanceof Number number && Double.isFinite(number.doubleValue())) {
                lines.put(series(name), String.valueOf(number.doubleValue()));
            }
        });
        lines.forEach((series, value) -> out.append(series).append(' ').append(value).append('\n'));
        return out.toString();
    }

    private static String series(final MetricName name) {
        final StringBuilder labels = new StringBuilder();
        new TreeMap<>(name.tags()).forEach((key, value) -> {
            if (labels.length() > 0) {
                labels.append(',');
            }
            labels.append(sanitize(key)).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        });
        final String metric = sanitize("kafka_" + name.group() + "_" + name.name()).toLowerCase(Locale.ROOT);
        return labels.length() == 0 ? metric : metric + "{" + labels + "}";
    }

    private static String sanitize(final String text) {
        return INVALID.matcher(text).replaceAll("_");
    }
}
