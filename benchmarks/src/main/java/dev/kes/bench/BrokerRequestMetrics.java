package dev.kes.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The embedded broker's request metrics, read from this JVM's platform MBean server: per request type, how many
 * were answered and their mean time in each phase, and the error answers by code. The broker's histograms are
 * cumulative, so a window's mean is taken from two snapshots (sum = mean × count); their max is since broker start.
 */
final class BrokerRequestMetrics {
    /** What a command's commit and its readers send: the client's produce, the transaction's steps, the fetches. */
    static final List<String> REQUESTS = List.of(
            "Produce",
            "AddPartitionsToTxn",
            "AddOffsetsToTxn",
            "TxnOffsetCommit",
            "EndTxn",
            "WriteTxnMarkers",
            "FetchConsumer",
            "FindCoordinator",
            "InitProducerId");

    /** The phases of a request on the broker (Kafka's RequestMetrics), TotalTimeMs first. */
    static final List<String> PHASES = List.of(
            "TotalTimeMs",
            "RequestQueueTimeMs",
            "LocalTimeMs",
            "RemoteTimeMs",
            "ResponseQueueTimeMs",
            "ResponseSendTimeMs");

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    /** Per request and phase: answered count and the sum of their times (ms); per request/error: error count. */
    record Snapshot(Map<String, Phase> phases, Map<String, Long> errors) {
        /** What happened between {@code before} and this snapshot. */
        Snapshot minus(final Snapshot before) {
            final Map<String, Phase> delta = new LinkedHashMap<>();
            phases.forEach((key, now) -> {
                final Phase then = before.phases.getOrDefault(key, new Phase(0, 0, 0));
                delta.put(key, new Phase(now.count - then.count, now.sumMs - then.sumMs, now.maxMs));
            });
            final Map<String, Long> errorDelta = new TreeMap<>();
            errors.forEach((key, now) -> {
                final long count = now - before.errors.getOrDefault(key, 0L);
                if (count > 0) {
                    errorDelta.put(key, count);
                }
            });
            return new Snapshot(delta, errorDelta);
        }

        Phase phase(final String request, final String phase) {
            return phases.getOrDefault(request + "." + phase, new Phase(0, 0, 0));
        }
    }

    /**
     * @param maxMs the largest since the broker started (the broker keeps no windowed max)
     */
    record Phase(long count, double sumMs, double maxMs) {
        double meanMs() {
            return count == 0 ? 0 : sumMs / count;
        }
    }

    private BrokerRequestMetrics() {}

    static Snapshot snapshot() {
        final Map<String, Phase> phases = new LinkedHashMap<>();
        for (final String request : REQUESTS) {
            for (final String phase : PHASES) {
                phases.put(request + "." + phase, phase(request, phase));
            }
        }
        final Map<String, Long> errors = new TreeMap<>();
        try {
            for (final ObjectName name :
                    SERVER.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=ErrorsPerSec,*"), null)) {
                final String error = name.getKeyProperty("error");
                if (!"NONE".equals(error)) {
                    final long count = ((Number) SERVER.getAttribute(name, "Count")).longValue();
                    errors.merge(name.getKeyProperty("request") + "/" + error, count, Long::sum);
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the broker's error metrics", e);
        }
        return new Snapshot(phases, errors);
    }

    private static Phase phase(final String request, final String phase) {
        try {
            final ObjectName name =
                    new ObjectName("kafka.network:type=RequestMetrics,name=" + phase + ",request=" + request);
            if (!SERVER.isRegistered(name)) {
                return new Phase(0, 0, 0);
            }
            final long count = ((Number) SERVER.getAttribute(name, "Count")).longValue();
            final double mean = ((Number) SERVER.getAttribute(name, "Mean")).doubleValue();
            final double max = ((Number) SERVER.getAttribute(name, "Max")).doubleValue();
            return new Phase(count, mean * count, max);
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the broker's " + phase + " of " + request, e);
        }
    }
}
