package dev.kes.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.client.command.CommandClient;
import dev.kes.command.http.CommandGateway;
import dev.kes.command.http.CommandRoutes;
import dev.kes.command.topology.CommandStreams;
import dev.kes.command.topology.PersonalSealing;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.ServiceLifecycle;
import dev.kes.service.ServiceStreams;
import dev.kes.service.StreamsService;
import dev.kes.service.http.Cors;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.http.Readiness;
import dev.kes.service.kafka.Durability;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.metrics.ServiceMetrics;
import dev.kes.service.personal.ErasureWatcher;
import dev.kes.service.personal.PersonalData;
import dev.kes.service.tracing.Tracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running command service: topics provisioned, the Streams processor, the Kafka request/reply gateway and
 * the HTTP API. Started in that order and closed in reverse, once. {@code GET /metrics} exposes {@link CommandMetrics},
 * the HTTP requests, the Kafka Streams metrics and JVM basics.
 */
public final class CommandService extends StreamsService {
    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

    private CommandService(final ServiceLifecycle lifecycle, final KafkaStreams streams) {
        super(lifecycle, streams);
    }

    /**
     * Starts the service; with {@code schema.registry.url} its codec registers the schemas it writes first, so an
     * unreachable registry fails the start with the registry's URL in the message.
     */
    public static CommandService start(final CommandServiceConfig configured) {
        LOG.info("starting with {}", configured);
        return start(configured, Codecs.fromConfig(configured.schemaRegistry()));
    }

    /** Starts the service writing with {@code codec} (built once per service, e.g. over another registry). */
    public static CommandService start(final CommandServiceConfig configured, final AvroCodec codec) {
        return start(configured, codec, GlobalOpenTelemetry.get());
    }

    /** As above, tracing with {@code openTelemetry} (README "Tracing"; a no-op one traces nothing). */
    public static CommandService start(
            final CommandServiceConfig configured, final AvroCodec codec, final OpenTelemetry openTelemetry) {
        final Tracing tracing = Tracing.of(openTelemetry);
        LOG.info("writing {}", Codecs.writes(codec));
        final CommandServiceConfig config;
        try (Admin admin = Admin.create(configured.kafka())) {
            TopicProvisioner.ensure(admin, CommandTopics.specs(configured), configured.minInsyncReplicas());
            Durability.warnIfNotDurable(admin, configured.topics().events());
            config = configured.withCommandPartitions(
                    CommandTopics.partitionCount(admin, configured.topics().commands()));
        }
        LOG.info(
                "{} has {} partitions: a command is processed only on the one its key's murmur2 hash names",
                config.topics().commands(),
                config.commandPartitions());
        final ServiceLifecycle lifecycle = new ServiceLifecycle(LOG, "command-service", config.common());
        return lifecycle.start(() -> {
            // before anything else: a missing or wrong key-encryption key stops the start here
            final PersonalData personal = lifecycle.started(PersonalData.open(
                    config.kafka(),
                    config.topics().personalKeys(),
                    config.common().personal()));
            // completes an erasure whose keys were not yet tombstoned when the instance stopped (docs/adr/0016)
            lifecycle.started(ErasureWatcher.start(
                    config.kafka(), config.topics().events(), config.applicationId() + "-erasure", codec, personal));
            final ServiceMetrics metrics = lifecycle.started(ServiceMetrics.create());
            final CommandMetrics commandMetrics = new CommandMetrics(metrics.registry());
            final KafkaStreams streams =
                    CommandStreams.create(config, commandMetrics, codec, tracing, PersonalSealing.with(personal));
            final AtomicReference<CommandGateway> taking = new AtomicReference<>();
            final Readiness readiness = lifecycle.watching(() -> notReadyReason(streams, taking.get()));
            ServiceStreams.manage(lifecycle, streams, metrics, readiness, config.common())
                    .start();
            final CommandGateway gateway = lifecycle.started(new CommandGateway(
                    CommandClient.builder()
                            .kafka(config.kafka())
                            .codec(codec)
                            .topics(config.topics().commands(), config.topics().results())
                            .timeout(config.requestTimeout())
                            .build(),
                    config.maxInFlightCommands(),
                    commandMetrics));
            taking.set(gateway);
            final ObjectMapper mapper = Json.mapper();
            lifecycle.listening(HttpServer.start(
                    config.httpOptions().withRegistry(metrics.registry()).withTracing(tracing),
                    mapper,
                    readiness,
                    metrics::scrape,
                    app -> {
                        CommandRoutes.register(app, gateway, mapper, commandMetrics, personal);
                        Cors.allow(app, config.corsOrigins());
                    }));
            readiness.notReadyReason();
            return new CommandService(lifecycle, streams);
        });
    }

    private static String notReadyReason(final KafkaStreams streams, final CommandGateway gateway) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return "streams " + streams.state();
        }
        return gateway != null && gateway.isReady() ? null : "result listener not positioned yet";
    }
}
