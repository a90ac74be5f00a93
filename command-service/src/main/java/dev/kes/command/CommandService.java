package dev.kes.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.client.command.CommandClient;
import dev.kes.command.http.CommandGateway;
import dev.kes.command.http.CommandRoutes;
import dev.kes.command.topology.CommandStreams;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.LifecycleLog;
import dev.kes.service.http.HttpOptions;
import dev.kes.service.http.Cors;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.http.Readiness;
import dev.kes.service.kafka.Durability;
import dev.kes.service.kafka.GroupMembership;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.metrics.ServiceMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running command service: topics provisioned, the Streams processor, the Kafka request/reply gateway and
 * the HTTP API. Started in that order and closed in reverse. {@code GET /metrics} exposes {@link CommandMetrics},
 * the HTTP requests, the Kafka Streams metrics and JVM basics.
 */
public final class CommandService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

    private final KafkaStreams streams;
    private final CommandGateway gateway;
    private final HttpServer http;
    private final ServiceMetrics metrics;
    private final CloseOptions.GroupMembershipOperation onClose;
    private final LifecycleLog lifecycle;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CommandService(final KafkaStreams streams, final CommandGateway gateway, final HttpServer http,
                           final ServiceMetrics metrics, final CloseOptions.GroupMembershipOperation onClose,
                           final LifecycleLog lifecycle) {
        this.streams = streams;
        this.gateway = gateway;
        this.http = http;
        this.metrics = metrics;
        this.onClose = onClose;
        this.lifecycle = lifecycle;
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
        LOG.info("writing {}", codec.registry().map(r -> "the schema-registry framing, registry " + r.location())
                .orElse("Avro single-object encoding (no schema.registry.url)"));
        final CommandServiceConfig config;
        try (Admin admin = Admin.create(configured.kafka())) {
            TopicProvisioner.ensure(admin, CommandTopics.specs(configured), configured.minInsyncReplicas());
            Durability.warnIfNotDurable(admin, configured.topics().events());
            config = configured.withCommandPartitions(
                    CommandTopics.partitionCount(admin, configured.topics().commands()));
        }
        LOG.info("{} has {} partitions: a command is processed only on the one its key's murmur2 hash names",
                config.topics().commands(), config.commandPartitions());
        final ServiceMetrics metrics = ServiceMetrics.create();
        final CommandMetrics commandMetrics = new CommandMetrics(metrics.registry());
        final KafkaStreams streams;
        try {
            streams = CommandStreams.create(config, commandMetrics, codec);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        metrics.bindKafkaStreams(streams);
        final CloseOptions.GroupMembershipOperation onClose = membershipOnClose(config);
        CommandGateway gateway = null;
        final AtomicReference<HttpServer> listening = new AtomicReference<>();
        final AtomicReference<CommandGateway> taking = new AtomicReference<>();
        final LifecycleLog lifecycle = new LifecycleLog(LOG, "command-service", () -> "http://" + config.httpHost()
                + ":" + listening.get().port() + ", application.id " + config.applicationId() + ", Kafka "
                + config.kafka().get("bootstrap.servers"));
        final Readiness readiness = lifecycle.watching(() -> listening.get() == null ? "starting"
                : notReadyReason(streams, taking.get()));
        try {
            streams.setStateListener((now, before) -> readiness.notReadyReason());
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("stream thread failed; replacing it", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.start();
            gateway = new CommandGateway(CommandClient.builder().kafka(config.kafka()).codec(codec)
                    .topics(config.topics().commands(), config.topics().results())
                    .timeout(config.requestTimeout()).build(), config.maxInFlightCommands(), commandMetrics);
            final CommandGateway commands = gateway;
            taking.set(gateway);
            final ObjectMapper mapper = Json.mapper();
            final HttpServer http = HttpServer.start(
                    HttpOptions.of(config.httpHost(), config.httpPort())
                            .withTokens(config.httpTokens()).withRegistry(metrics.registry()),
                    mapper, readiness, metrics::scrape,
                    app -> {
                        CommandRoutes.register(app, commands, mapper, commandMetrics);
                        Cors.allow(app, config.corsOrigins());
                    });
            listening.set(http);
            readiness.notReadyReason();
            return new CommandService(streams, gateway, http, metrics, onClose, lifecycle);
        } catch (RuntimeException e) {
            // a half-started service must not keep a stream thread (and its partitions) alive
            if (gateway != null) {
                gateway.close();
            }
            closeStreams(streams, onClose);
            metrics.close();
            throw e;
        }
    }

    private static String notReadyReason(final KafkaStreams streams, final CommandGateway gateway) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return "streams " + streams.state();
        }
        return gateway.isReady() ? null : "result listener not positioned yet";
    }

    public int httpPort() {
        return http.port();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Idempotent: a test or a shutdown hook may close an instance that is already gone. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final long closing = System.nanoTime();
        http.close();
        gateway.close();
        closeStreams(streams, onClose);
        metrics.close();
        lifecycle.stopped(Duration.ofNanos(System.nanoTime() - closing));
    }

    /** A stopping instance leaves its group unless its operator named it (see {@link GroupMembership#onClose}). */
    static CloseOptions.GroupMembershipOperation membershipOnClose(final CommandServiceConfig config) {
        return GroupMembership.onClose(config.instanceId(), config.streams());
    }

    private static void closeStreams(final KafkaStreams streams, final CloseOptions.GroupMembershipOperation onClose) {
        streams.close(CloseOptions.groupMembershipOperation(onClose).withTimeout(Duration.ofSeconds(30)));
    }
}
