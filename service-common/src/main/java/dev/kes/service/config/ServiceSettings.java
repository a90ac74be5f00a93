package dev.kes.service.config;

import dev.kes.service.auth.AccessTokens;
import dev.kes.service.http.HttpOptions;
import dev.kes.service.kafka.TopicNames;
import java.util.Map;

/**
 * A service's configuration record that embeds {@link CommonSettings}: it answers the shared keys as its own, so
 * code that reads {@code config.applicationId()} need not know where the key lives.
 */
public interface ServiceSettings {
    CommonSettings common();

    default String applicationId() {
        return common().applicationId();
    }

    default TopicNames topics() {
        return common().topics();
    }

    default int partitions() {
        return common().partitions();
    }

    default short replicationFactor() {
        return common().replicationFactor();
    }

    default int minInsyncReplicas() {
        return common().minInsyncReplicas();
    }

    default String httpHost() {
        return common().httpHost();
    }

    default int httpPort() {
        return common().httpPort();
    }

    default AccessTokens httpTokens() {
        return common().httpTokens();
    }

    /** Where the service's HTTP server listens and the bearer tokens it accepts. */
    default HttpOptions httpOptions() {
        return HttpOptions.of(httpHost(), httpPort()).withTokens(httpTokens());
    }

    default String stateDir() {
        return common().stateDir();
    }

    default String instanceId() {
        return common().instanceId();
    }

    default Map<String, Object> kafka() {
        return common().kafka();
    }

    default Map<String, Object> streams() {
        return common().streams();
    }

    default Map<String, Object> schemaRegistry() {
        return common().schemaRegistry();
    }
}
