package dev.kes.projection.http;

import dev.kes.service.config.ConfigException;
import java.time.Duration;

/**
 * The limits of {@code GET /events/stream}.
 *
 * @param maxStreams    concurrent streams of this instance; one more gets a 503
 * @param heartbeat     the longest silence before a {@code : keep-alive} comment; it stays below Jetty's 30 s idle
 *                      timeout so that an idle stream is never cut, and tells a stream whose client has gone
 * @param queueCapacity live events a stream may be behind before it is ended (its client resumes from its last id)
 * @param retry         the reconnection delay suggested to clients ({@code retry:})
 */
public record StreamSettings(int maxStreams, Duration heartbeat, int queueCapacity, Duration retry) {
    public StreamSettings {
        if (maxStreams < 1) {
            throw new ConfigException("events.stream.max must be at least 1, got " + maxStreams);
        }
        if (queueCapacity < 1) {
            throw new ConfigException("events.stream.queue must be at least 1, got " + queueCapacity);
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(Duration.ofSeconds(15)) > 0) {
            throw new ConfigException(
                    "events.stream.heartbeat.ms must be from 1 to 15000, got " + heartbeat.toMillis());
        }
        if (retry.isNegative()) {
            throw new ConfigException("events.stream.retry.ms must not be negative, got " + retry.toMillis());
        }
    }
}
