package dev.kes.admin.archive;

import dev.kes.admin.AdminException;
import dev.kes.admin.kafka.ApplicationGroup;
import dev.kes.admin.kafka.ProjectionSettings;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.projection.topology.ProjectionMetrics;
import dev.kes.projection.topology.ProjectionStreamsConfig;
import dev.kes.projection.topology.ProjectionTopology;
import dev.kes.schemas.serde.AvroCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The projection's topology, run by es-admin under the projection's application id with another source topic: the
 * projection service's own code and Kafka Streams settings, so that the stores it fills are the ones the service
 * would have filled from the same events.
 */
final class ArchiveTopologyRun implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaStreams streams;
    private final String applicationId;
    private final Duration closeTimeout;

    private ArchiveTopologyRun(final KafkaStreams streams, final String applicationId, final Duration closeTimeout) {
        this.streams = streams;
        this.applicationId = applicationId;
        this.closeTimeout = closeTimeout;
    }

    static ArchiveTopologyRun start(
            final Map<String, ?> kafka,
            final String applicationId,
            final String sourceTopic,
            final Path stateDir,
            final short replicationFactor,
            final AvroCodec codec) {
        final ProjectionServiceConfig config =
                ProjectionSettings.of(kafka, applicationId, sourceTopic, stateDir, replicationFactor);
        final Properties properties = ProjectionStreamsConfig.properties(config);
        // no HTTP server here: nothing to advertise for interactive queries
        properties.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(StreamsConfig.CLIENT_ID_CONFIG, "es-admin-replay-" + applicationId);
        final KafkaStreams streams = new KafkaStreams(
                ProjectionTopology.build(config, new ProjectionMetrics(new SimpleMeterRegistry()), codec), properties);
        streams.start();
        return new ArchiveTopologyRun(streams, applicationId, Duration.ofSeconds(60));
    }

    /**
     * Waits until the application has committed {@code end} on every partition: every record processed and its
     * store updates flushed to the changelogs (a commit flushes the stores and the changelog producer first).
     *
     * @throws AdminException when the application fails, or makes no progress for {@code timeout}
     */
    void awaitCommitted(final Admin admin, final Map<TopicPartition, Long> end, final Duration timeout) {
        final ApplicationGroup group = new ApplicationGroup(admin, applicationId, timeout);
        long progressAt = System.nanoTime();
        long committedBefore = -1;
        while (true) {
            final KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR
                    || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING) {
                throw new AdminException("the projection topology stopped (" + state + ") while replaying the archive");
            }
            final Map<TopicPartition, Long> committed = group.committedOffsets();
            long total = 0;
            boolean done = true;
            for (final Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
                final long offset = committed.getOrDefault(partition.getKey(), 0L);
                total += offset;
                done &= offset >= partition.getValue();
            }
            if (done) {
                return;
            }
            if (total != committedBefore) {
                committedBefore = total;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > timeout.toNanos()) {
                throw new AdminException("replaying the archive made no progress for " + timeout.toSeconds() + " s ("
                        + state + "); committed " + committed + " of " + end);
            }
            try {
                Thread.sleep(POLL.toMillis()); // the Admin API offers no way to wait for a commit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdminException("interrupted while replaying the archive", e);
            }
        }
    }

    /** Leaves the group at once, so that its offsets on the temporary topic can be deleted. */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(closeTimeout));
    }
}
