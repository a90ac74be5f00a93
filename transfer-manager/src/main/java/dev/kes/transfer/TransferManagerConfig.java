package dev.kes.transfer;

import dev.kes.service.config.ConfigKeys;
import dev.kes.service.config.SchemaRegistrySettings;
import dev.kes.service.config.Secrets;
import dev.kes.service.config.Settings;
import dev.kes.service.kafka.TopicNames;

import java.util.Map;

/**
 * Everything the transfer process manager reads from its configuration (see README "Transfer process manager").
 *
 * @param topics            the command service's topics it reads (events, results) and writes (commands)
 * @param dlqTopic          where steps it cannot attribute go ({@code topic.transfer.dlq})
 * @param partitions        partitions of the topics it creates when they are missing
 * @param minInsyncReplicas {@code min.insync.replicas} of created topics whose replication factor is larger
 * @param instanceId        this instance's static group member id; blank: derived from host and state dir (ADR 0008)
 * @param commitIntervalMs  how often a transaction commits: a follow-up command is visible only after it
 * @param schemaRegistry    the schema registry it writes commands through ({@code schema.registry.url}); empty: none
 */
public record TransferManagerConfig(
        String applicationId,
        TopicNames topics,
        String dlqTopic,
        int partitions,
        short replicationFactor,
        int minInsyncReplicas,
        String httpHost,
        int httpPort,
        String stateDir,
        String instanceId,
        long commitIntervalMs,
        Map<String, Object> kafka,
        Map<String, Object> streams,
        Map<String, Object> schemaRegistry) {

    public static final String DEFAULT_DLQ = "transfer-manager-dlq";

    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("kafka.bootstrap.servers", "127.0.0.1:9092"),
            Map.entry("application.id", "kes-transfer-manager"),
            Map.entry("topic.transfer.dlq", DEFAULT_DLQ),
            Map.entry("topic.partitions", "6"),
            Map.entry("topic.replication.factor", "-1"),
            Map.entry("topic.min.insync.replicas", "2"),
            Map.entry("http.host", "127.0.0.1"),
            Map.entry("http.port", "8082"),
            Map.entry("state.dir", "data/transfer-manager"),
            Map.entry("commit.interval.ms", "100"));

    public TransferManagerConfig {
        kafka = Map.copyOf(kafka);
        streams = Map.copyOf(streams);
        schemaRegistry = Map.copyOf(schemaRegistry);
    }

    /**
     * Every key {@link #from} reads, found by running it: what a properties file or a {@code KES_*} variable may set
     * (docker-compose.yml is checked against it).
     */
    public static ConfigKeys keys() {
        return ConfigKeys.readBy(DEFAULTS, TransferManagerConfig::from);
    }

    public static TransferManagerConfig from(final Settings settings) {
        return new TransferManagerConfig(
                settings.get("application.id"),
                TopicNames.from(settings),
                settings.get("topic.transfer.dlq"),
                settings.getInt("topic.partitions"),
                (short) settings.getInt("topic.replication.factor"),
                settings.getInt("topic.min.insync.replicas"),
                settings.get("http.host"),
                settings.getInt("http.port"),
                settings.get("state.dir"),
                settings.get("instance.id", ""),
                settings.getLong("commit.interval.ms"),
                settings.kafkaClientProperties(),
                settings.withPrefix("streams."),
                SchemaRegistrySettings.from(settings));
    }

    public static TransferManagerConfig of(final Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, Map.of(), overrides));
    }

    /** Safe to log: the Kafka and Streams properties with secrets masked. */
    @Override
    public String toString() {
        return "TransferManagerConfig[applicationId=" + applicationId + ", topics=" + topics + ", dlqTopic=" + dlqTopic
                + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", minInsyncReplicas=" + minInsyncReplicas + ", instanceId=" + instanceId
                + ", http=" + httpHost + ":" + httpPort + ", stateDir=" + stateDir
                + ", commitIntervalMs=" + commitIntervalMs
                + ", kafka=" + Secrets.redacted(kafka) + ", streams=" + Secrets.redacted(streams)
                + ", schemaRegistry=" + Secrets.redacted(schemaRegistry) + "]";
    }
}
