package dev.kes.service;

import dev.kes.service.config.CommonSettings;
import dev.kes.service.http.Readiness;
import dev.kes.service.kafka.GroupMembership;
import dev.kes.service.metrics.ServiceMetrics;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/** A service's Kafka Streams app, run the same way by every service. */
public final class ServiceStreams {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private ServiceStreams() {}

    /**
     * Registers {@code streams} (created, not started) with the service's lifecycle: its metrics are bound, a failed
     * stream thread is logged in the service's log and replaced, each state change re-checks readiness (so the ready
     * line comes when it does), and closing it leaves the group or stays as {@link #membershipOnClose} says.
     */
    public static KafkaStreams manage(
            final ServiceLifecycle lifecycle,
            final KafkaStreams streams,
            final ServiceMetrics metrics,
            final Readiness readiness,
            final CommonSettings settings) {
        final CloseOptions close = CloseOptions.groupMembershipOperation(membershipOnClose(settings))
                .withTimeout(CLOSE_TIMEOUT);
        lifecycle.started(() -> streams.close(close));
        metrics.bindKafkaStreams(streams);
        streams.setUncaughtExceptionHandler(e -> {
            lifecycle.log().error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> readiness.notReadyReason());
        return streams;
    }

    /**
     * A stopping instance leaves its group unless its operator named it (see {@link GroupMembership#onClose}): the
     * others take over its partitions, and their standby copies become active, at once.
     */
    public static CloseOptions.GroupMembershipOperation membershipOnClose(final CommonSettings settings) {
        return GroupMembership.onClose(settings.instanceId(), settings.streams());
    }
}
