package dev.kes.service;

import dev.kes.service.http.HttpServer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A running service: one Kafka Streams app and an HTTP server, started by its {@link ServiceLifecycle}. Closing it
 * closes what its start started, in reverse order, once.
 */
public abstract class StreamsService implements AutoCloseable {
    private final ServiceLifecycle lifecycle;
    private final KafkaStreams streams;
    private final HttpServer http;

    protected StreamsService(final ServiceLifecycle lifecycle, final KafkaStreams streams, final HttpServer http) {
        this.lifecycle = lifecycle;
        this.streams = streams;
        this.http = http;
    }

    public final int httpPort() {
        return http.port();
    }

    public final KafkaStreams.State state() {
        return streams.state();
    }

    /** Idempotent: a test or a shutdown hook may close an instance that is already gone. */
    @Override
    public final void close() {
        lifecycle.close();
    }
}
