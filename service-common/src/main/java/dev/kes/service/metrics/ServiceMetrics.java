package dev.kes.service.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one service, exposed on {@code GET /metrics} in the Prometheus text format (ADR 0006): the service's
 * own meters (registered on {@link #registry()}), JVM basics, and every Kafka Streams metric of the service's
 * streams application (its threads, tasks, stores and internal clients).
 */
public final class ServiceMetrics implements AutoCloseable {
    /**
     * How often Kafka metrics created after binding (partitions assigned, tasks created by a rebalance) are picked
     * up; the values of known ones are read live at each scrape.
     */
    static final Duration KAFKA_REFRESH = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> bound = new ArrayList<>();
    private ScheduledExecutorService kafkaRefresh;

    private ServiceMetrics() {}

    /** A registry with the JVM basics bound: memory, GC, threads, classes, CPU, file descriptors, uptime. */
    public static ServiceMetrics create() {
        final ServiceMetrics metrics = new ServiceMetrics();
        final JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics.registry);
        metrics.bound.add(gc);
        new JvmMemoryMetrics().bindTo(metrics.registry);
        new JvmThreadMetrics().bindTo(metrics.registry);
        new ClassLoaderMetrics().bindTo(metrics.registry);
        new ProcessorMetrics().bindTo(metrics.registry);
        new FileDescriptorMetrics().bindTo(metrics.registry);
        new UptimeMetrics().bindTo(metrics.registry);
        return metrics;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Exposes the metrics of a streams application; call once it is constructed (before or after start). */
    public synchronized void bindKafkaStreams(final KafkaStreams streams) {
        if (kafkaRefresh == null) {
            kafkaRefresh = Executors.newSingleThreadScheduledExecutor(task -> {
                final Thread thread = new Thread(task, "kes-kafka-metrics");
                thread.setDaemon(true);
                return thread;
            });
        }
        final KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.empty(), kafkaRefresh, KAFKA_REFRESH);
        binder.bindTo(registry);
        bound.add(binder);
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        for (final AutoCloseable binder : bound) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.debug("closing metrics binder {}: {}", binder, e.toString());
            }
        }
        bound.clear();
        if (kafkaRefresh != null) {
            kafkaRefresh.shutdownNow();
        }
        registry.close();
    }
}
