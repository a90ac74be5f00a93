package dev.kes.service.config;

import dev.kes.service.auth.AccessTokens;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.personal.PersonalDataSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * The keys every Kafka Streams service reads alike, embedded in each service's configuration record (see {@link
 * ServiceSettings}); what a service reads besides these stays in its own record.
 *
 * @param partitions        partitions of the topics the service creates when they are missing
 * @param minInsyncReplicas {@code min.insync.replicas} of created topics whose replication factor is larger
 * @param httpTokens        bearer tokens the HTTP API accepts ({@code http.auth.tokens[.file]}); none: no authentication
 * @param instanceId        this instance's static group member id; blank: derived from host and state dir (ADR 0008)
 * @param kafka             the Kafka client properties ({@code kafka.*})
 * @param streams           the operator's Kafka Streams properties ({@code streams.*}), applied last
 * @param schemaRegistry    the schema registry ({@code schema.registry.url}); empty: none
 * @param personal          where the key-encryption key of personal data comes from ({@code personal.kek.*})
 */
public record CommonSettings(
        String applicationId,
        TopicNames topics,
        int partitions,
        short replicationFactor,
        int minInsyncReplicas,
        String httpHost,
        int httpPort,
        AccessTokens httpTokens,
        String stateDir,
        String instanceId,
        Map<String, Object> kafka,
        Map<String, Object> streams,
        Map<String, Object> schemaRegistry,
        PersonalDataSettings personal) {

    public CommonSettings {
        kafka = Map.copyOf(kafka);
        streams = Map.copyOf(streams);
        schemaRegistry = Map.copyOf(schemaRegistry);
    }

    /** The shared keys' defaults for a service of this name, port and state dir, with the service's own on top. */
    public static Map<String, String> defaults(
            final String applicationId, final int httpPort, final String stateDir, final Map<String, String> own) {
        final Map<String, String> defaults = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:9092",
                "application.id", applicationId,
                "topic.partitions", "6",
                "topic.replication.factor", "-1",
                "topic.min.insync.replicas", "2",
                "http.host", "127.0.0.1",
                "http.port", String.valueOf(httpPort),
                "state.dir", stateDir));
        defaults.putAll(own);
        return Map.copyOf(defaults);
    }

    public static CommonSettings from(final Settings settings) {
        return new CommonSettings(
                settings.get("application.id"),
                TopicNames.from(settings),
                settings.getInt("topic.partitions"),
                (short) settings.getInt("topic.replication.factor"),
                settings.getInt("topic.min.insync.replicas"),
                settings.get("http.host"),
                settings.getInt("http.port"),
                AccessTokens.from(settings),
                settings.get("state.dir"),
                settings.get("instance.id", ""),
                settings.kafkaClientProperties(),
                settings.withPrefix("streams."),
                SchemaRegistrySettings.from(settings),
                PersonalDataSettings.from(settings));
    }

    /** The same settings with the HTTP port the server actually bound (port 0 in tests). */
    public CommonSettings withHttpPort(final int port) {
        return new CommonSettings(
                applicationId,
                topics,
                partitions,
                replicationFactor,
                minInsyncReplicas,
                httpHost,
                port,
                httpTokens,
                stateDir,
                instanceId,
                kafka,
                streams,
                schemaRegistry,
                personal);
    }

    /** Safe to log: the Kafka, Streams and registry properties with secrets masked. */
    @Override
    public String toString() {
        return "CommonSettings[applicationId=" + applicationId + ", topics=" + topics
                + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", minInsyncReplicas=" + minInsyncReplicas + ", instanceId=" + instanceId
                + ", http=" + httpHost + ":" + httpPort + ", httpTokens=" + httpTokens + ", stateDir=" + stateDir
                + ", kafka=" + Secrets.redacted(kafka) + ", streams=" + Secrets.redacted(streams)
                + ", schemaRegistry=" + Secrets.redacted(schemaRegistry) + ", personal=" + personal + "]";
    }
}
