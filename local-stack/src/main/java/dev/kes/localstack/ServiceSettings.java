package dev.kes.localstack;

import dev.kes.service.kafka.Durability;
import dev.kes.service.personal.KeyEncryptionKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings the stack gives each of its services: the cluster, a state dir under the data dir, the stack's
 * key-encryption key and, unless {@code registryUrl} is null (--no-registry: single-object encoding), the registry.
 */
record ServiceSettings(LocalStackOptions options, String bootstrap, String registryUrl) {
    /**
     * Static group membership: after a kill -9 the restarted stack takes its old place in the consumer groups
     * at once, instead of waiting for the dead member's session (45 s) to expire.
     */
    private static final String STATIC_MEMBER = "streams.main.consumer.group.instance.id";

    /** Where the services find the registry: the setting the services and the command client read. */
    static final String REGISTRY_URL = "schema.registry.url";

    Map<String, String> commandService() {
        final Map<String, String> settings = common("command-service", options.commandPort());
        // the local stack is where history gets imported
        settings.put("allow.occurred.at", "true");
        if (options.queryPort() > 0) {
            // the projection's web console, on its own origin, sends commands here
            settings.put(
                    "http.cors.origins",
                    "http://127.0.0.1:" + options.queryPort() + ",http://localhost:" + options.queryPort());
        }
        return settings;
    }

    Map<String, String> projectionService() {
        final Map<String, String> settings = common("projection-service", options.queryPort());
        settings.put("num.standby.replicas", "0");
        return settings;
    }

    Map<String, String> transferManager() {
        return common("transfer-manager", options.transferPort());
    }

    /** What every service of the stack is given: the cluster, 3 partitions, its port, state dir and member id. */
    private Map<String, String> common(final String service, final int httpPort) {
        final Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", bootstrap);
        settings.put("topic.partitions", "3");
        if (options.brokers() >= Durability.REPLICATION_FACTOR) {
            // with min.insync.replicas 2, the services' default: an acknowledged record survives one node's loss
            settings.put("topic.replication.factor", String.valueOf(Durability.REPLICATION_FACTOR));
        }
        settings.put("http.port", String.valueOf(httpPort));
        settings.put("state.dir", options.dataDir().resolve(service).toString());
        // one key-encryption key for the stack, made on its first start (docs/adr/0016)
        settings.put(
                "personal.kek.file",
                KeyEncryptionKey.ensureFile(options.dataDir().resolve("kek")).toString());
        settings.put(STATIC_MEMBER, "local-stack-" + service);
        if (registryUrl != null) {
            settings.put(REGISTRY_URL, registryUrl);
        }
        return settings;
    }
}
