package dev.kes.transfer;

import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.LifecycleLog;
import dev.kes.service.http.HttpOptions;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.http.OpenApiDocument;
import dev.kes.service.http.Readiness;
import dev.kes.service.kafka.GroupMembership;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.metrics.ServiceMetrics;
import dev.kes.transfer.topology.TransferMetrics;
import dev.kes.transfer.topology.TransferStreamsConfig;
import dev.kes.transfer.topology.TransferTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running process manager: its topics ensured, then the Kafka Streams application, then a small HTTP server
 * with {@code /health/live}, {@code /health/ready} (ready when the streams are RUNNING) and {@code /metrics}
 * ({@link TransferMetrics}, Kafka Streams, JVM). Closed in reverse order.
 */
public final class TransferManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferManager.class);
    /** The OpenAPI 3.1 document of its health and metrics API, served at {@code /openapi.json}. */
    public static final String API_DOCUMENT = "dev/kes/transfer/openapi.json";

    private final KafkaStreams streams;
    private final HttpServer http;
    private final ServiceMetrics metrics;
    private final CloseOptions.GroupMembershipOperation onClose;
    private final LifecycleLog lifecycle;

    private TransferManager(final KafkaStreams streams, final HttpServer http, final ServiceMetrics metrics,
                            final CloseOptions.GroupMembershipOperation onClose, final LifecycleLog lifecycle) {
        this.streams = streams;
        this.http = http;
        this.metrics = metrics;
        this.onClose = onClose;
        this.lifecycle = lifecycle;
    }

    /**
     * Starts the manager; with {@code schema.registry.url} its codec registers the schemas it writes first, so an
     * unreachable registry fails the start with the URL in the message.
     */
    public static TransferManager start(final TransferManagerConfig config) {
        LOG.info("starting with {}", config);
        return start(config, Codecs.fromConfig(config.schemaRegistry()));
    }

    /** Starts the manager reading both framings and writing commands with {@code codec}. */
    public static TransferManager start(final TransferManagerConfig config, final AvroCodec codec) {
        LOG.info("writing {}", codec.registry().map(r -> "the schema-registry framing, registry " + r.location())
                .orElse("Avro single-object encoding (no schema registry)"));
        try (Admin admin = Admin.create(config.kafka())) {
            TopicProvisioner.ensure(admin, TransferTopics.specs(config), config.minInsyncReplicas());
        }
        final ServiceMetrics metrics = ServiceMetrics.create();
        final AtomicReference<HttpServer> listening = new AtomicReference<>();
        final LifecycleLog lifecycle = new LifecycleLog(LOG, "transfer-manager", () -> "http://" + config.httpHost()
                + ":" + listening.get().port() + ", application.id " + config.applicationId()
                + ", Kafka " + config.kafka().get("bootstrap.servers"));
        final KafkaStreams streams;
        try {
            streams = new KafkaStreams(TransferTopology.build(config, new TransferMetrics(metrics.registry()), codec),
                    TransferStreamsConfig.properties(config));
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        final Readiness readiness = lifecycle.watching(() -> streams.state() == KafkaStreams.State.RUNNING
                ? null : "streams " + streams.state());
        final HttpServer http;
        try {
            metrics.bindKafkaStreams(streams);
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("stream thread failed; replacing it", e);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.setStateListener((now, before) -> readiness.notReadyReason());
            http = HttpServer.start(HttpOptions.of(config.httpHost(), config.httpPort())
                    .withRegistry(metrics.registry()), Json.mapper(), readiness, metrics::scrape,
                    OpenApiDocument.load(API_DOCUMENT)::serve);
            listening.set(http);
            streams.start();
        } catch (RuntimeException e) {
            streams.close(Duration.ofSeconds(10));
            if (listening.get() != null) {
                listening.get().close();
            }
            metrics.close();
            throw e;
        }
        return new TransferManager(streams, http, metrics,
                GroupMembership.onClose(config.instanceId(), config.streams()), lifecycle);
    }

    public int httpPort() {
        return http.port();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        final long closing = System.nanoTime();
        streams.close(CloseOptions.groupMembershipOperation(onClose).withTimeout(Duration.ofSeconds(30)));
        http.close();
        metrics.close();
        lifecycle.stopped(Duration.ofNanos(System.nanoTime() - closing));
    }
}
