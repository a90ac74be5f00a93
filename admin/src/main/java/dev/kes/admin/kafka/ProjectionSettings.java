package dev.kes.admin.kafka;

import dev.kes.projection.ProjectionServiceConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The projection's configuration for what es-admin runs of it itself: a replay from the archive, a bulk build. */
public final class ProjectionSettings {
    private ProjectionSettings() {}

    /**
     * The projection under {@code applicationId} on {@code eventsTopic}, with es-admin's Kafka client settings, the
     * state under {@code stateDir}, no standbys, and internal topics of {@code replicationFactor} replicas.
     */
    public static ProjectionServiceConfig of(
            final Map<String, ?> kafka,
            final String applicationId,
            final String eventsTopic,
            final Path stateDir,
            final short replicationFactor) {
        final Map<String, String> settings = new HashMap<>();
        kafka.forEach((key, value) -> settings.put("kafka." + key, String.valueOf(value)));
        settings.put("application.id", applicationId);
        settings.put("topic.events", eventsTopic);
        settings.put("state.dir", stateDir.toString());
        settings.put("num.standby.replicas", "0");
        settings.put("topic.replication.factor", String.valueOf(replicationFactor));
        return ProjectionServiceConfig.of(settings);
    }
}
