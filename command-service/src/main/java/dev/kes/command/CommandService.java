package dev.kes.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.command.http.CommandGateway;
import dev.kes.command.http.CommandRoutes;
import dev.kes.command.topology.CommandStreamsConfig;
import dev.kes.command.topology.CommandTopology;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.metrics.PrometheusText;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The running command service: topics provisioned, the Streams processor, the Kafka request/reply gateway and
 * the HTTP API. Started in that order and closed in reverse.
 */
public final class CommandService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

    private final KafkaStreams streams;
    private final CommandGateway gateway;
    private final HttpServer http;

    private CommandService(final KafkaStreams streams, final CommandGateway gateway, final HttpServer http) {
        this.streams = streams;
        this.gateway = gateway;
        this.http = http;
    }

    public static CommandService start(final CommandServiceConfig config) {
        try (Admin admin = Admin.create(config.kafka())) {
            TopicProvisioner.ensure(admin, CommandTopics.specs(config));
        }
        final KafkaStreams streams = new KafkaStreams(CommandTopology.build(config),
                CommandStreamsConfig.properties(config));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.start();
        final AvroCodec codec = AvroCodec.shipped();
        final CommandGateway gateway = new CommandGateway(config.kafka(), config.topics().commands(),
                config.topics().results(), codec, config.requestTimeout());
        final ObjectMapper mapper = Json.mapper();
        final PrometheusText metrics = new PrometheusText();
        final HttpServer http;
        try {
            http = HttpServer.start(config.httpHost(), config.httpPort(), mapper,
                    () -> notReadyReason(streams, gateway), () -> metrics.render(streams.metrics()),
                    app -> CommandRoutes.register(app, gateway, mapper, metrics));
        } catch (RuntimeException e) {
            gateway.close();
            streams.close(Duration.ofSeconds(10));
            throw e;
        }
        return new CommandService(streams, gateway, http);
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

    @Override
    public void close() {
        http.close();
        gateway.close();
        streams.close(Duration.ofSeconds(30));
    }
}
