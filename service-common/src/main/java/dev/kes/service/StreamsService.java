package dev.kes.service;

import org.apache.kafka.streams.KafkaStreams;

/**
 * A running service: one Kafka Streams app and an HTTP server ({@link ServiceLifecycle#listening}), started by its
 * {@link ServiceLifecycle}. Closing it
 * closes what its start started, in reverse order, once.
 */
public abstract class StreamsService implements AutoCloseable {
    private final ServiceLifecycle lifecycle;
    private final KafkaStreams streams;

    protected StreamsService(final ServiceLifecycle lifecycle, final KafkaStreams streams) {
        this.lifecycle = lifecycle;
        this.streams = streams;
    }

    /** The port its HTTP server listens on. */
    public final int httpPort() {
        return lifecycle.httpPort();
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
