package dev.kes.transfer;

import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.ServiceLifecycle;
import dev.kes.service.ServiceStreams;
import dev.kes.service.StreamsService;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.http.OpenApiDocument;
import dev.kes.service.http.Readiness;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.metrics.ServiceMetrics;
import dev.kes.transfer.topology.TransferMetrics;
import dev.kes.transfer.topology.TransferStreamsConfig;
import dev.kes.transfer.topology.TransferTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running process manager: its topics ensured, then the Kafka Streams application, then a small HTTP server
 * with {@code /health/live}, {@code /health/ready} (ready when the streams are RUNNING) and {@code /metrics}
 * ({@link TransferMetrics}, Kafka Streams, JVM). Closed in reverse order.
 */
public final class TransferManager extends StreamsService {
    private static final Logger LOG = LoggerFactory.getLogger(TransferManager.class);
    /** The OpenAPI 3.1 document of its health and metrics API, served at {@code /openapi.json}. */
    public static final String API_DOCUMENT = "dev/kes/transfer/openapi.json";

    private TransferManager(final ServiceLifecycle lifecycle, final KafkaStreams streams) {
        super(lifecycle, streams);
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
        LOG.info("writing {}", Codecs.writes(codec));
        try (Admin admin = Admin.create(config.kafka())) {
            TopicProvisioner.ensure(admin, TransferTopics.specs(config), config.minInsyncReplicas());
        }
        final ServiceLifecycle lifecycle = new ServiceLifecycle(LOG, "transfer-manager", config.common());
        return lifecycle.start(() -> {
            final ServiceMetrics metrics = lifecycle.started(ServiceMetrics.create());
            final KafkaStreams streams = new KafkaStreams(
                    TransferTopology.build(config, new TransferMetrics(metrics.registry()), codec),
                    TransferStreamsConfig.properties(config));
            final Readiness readiness = lifecycle.watching(
                    () -> streams.state() == KafkaStreams.State.RUNNING ? null : "streams " + streams.state());
            ServiceStreams.manage(lifecycle, streams, metrics, readiness, config.common());
            lifecycle.listening(HttpServer.start(
                    config.httpOptions().withRegistry(metrics.registry()),
                    Json.mapper(),
                    readiness,
                    metrics::scrape,
                    OpenApiDocument.load(API_DOCUMENT)::serve));
            streams.start();
            return new TransferManager(lifecycle, streams);
        });
    }
}
