package dev.kes.projection;

import dev.kes.projection.http.StreamSettings;
import dev.kes.service.auth.AccessTokens;
import dev.kes.service.config.ConfigException;
import dev.kes.service.config.ConfigKeys;
import dev.kes.service.config.SchemaRegistrySettings;
import dev.kes.service.config.Secrets;
import dev.kes.service.config.Settings;
import dev.kes.service.kafka.TopicNames;

import java.time.Duration;
import java.util.Map;

/**
 * Everything the projection service reads from its configuration (see README "Configuration").
 *
 * @param minInsyncReplicas {@code min.insync.replicas} of created topics whose replication factor is larger
 * @param instanceId     this instance's static group member id; blank: derived from host and state dir (ADR 0008)
 * @param advertisedHost host other instances use to reach this one for forwarded queries
 * @param positionWait   how long a query with {@code ?position=} waits for the projection to catch up
 * @param positionRecheck how often such a query looks again when no event applied here woke it: the bound for
 *                       copies that change without this instance's processors (standbys, restoring copies)
 * @param eventStreams   limits of {@code GET /events/stream} ({@code events.stream.*})
 * @param httpTokens     bearer tokens the HTTP API accepts ({@code http.auth.tokens[.file]}); none: no authentication
 * @param latestCacheAccounts per task, how many accounts' latest applied state the projector keeps in memory so that
 *                       their next event needs no store scan ({@code latest.cache.accounts}; 0: none)
 * @param schemaRegistry the schema registry to look schema ids up in ({@code schema.registry.url}); empty: none
 * @param uiCommandUrl   the command service's base URL the web console at {@code /ui/} sends its commands to
 *                       ({@code ui.command.url}); blank: the console only reads
 */
public record ProjectionServiceConfig(
        String applicationId,
        TopicNames topics,
        int partitions,
        short replicationFactor,
        int minInsyncReplicas,
        String httpHost,
        int httpPort,
        String advertisedHost,
        String stateDir,
        String instanceId,
        int standbyReplicas,
        Duration positionWait,
        Duration positionRecheck,
        int latestCacheAccounts,
        StreamSettings eventStreams,
        AccessTokens httpTokens,
        Map<String, Object> kafka,
        Map<String, Object> streams,
        Map<String, Object> schemaRegistry,
        String uiCommandUrl) {

    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("kafka.bootstrap.servers", "127.0.0.1:9092"),
            Map.entry("application.id", "kes-projection-service"),
            Map.entry("topic.partitions", "6"),
            Map.entry("topic.replication.factor", "-1"),
            Map.entry("topic.min.insync.replicas", "2"),
            Map.entry("http.host", "127.0.0.1"),
            Map.entry("http.port", "8081"),
            Map.entry("state.dir", "data/projection-service"),
            Map.entry("num.standby.replicas", "1"),
            Map.entry("position.wait.ms", "5000"),
            Map.entry("position.recheck.ms", "20"),
            Map.entry("latest.cache.accounts", "10000"),
            Map.entry("events.stream.max", "100"),
            Map.entry("events.stream.heartbeat.ms", "15000"),
            Map.entry("events.stream.queue", "1000"),
            Map.entry("events.stream.retry.ms", "3000"));

    public ProjectionServiceConfig {
        if (positionRecheck.toMillis() < 1) {
            throw new ConfigException("position.recheck.ms must be at least 1, got " + positionRecheck.toMillis());
        }
        kafka = Map.copyOf(kafka);
        streams = Map.copyOf(streams);
        schemaRegistry = Map.copyOf(schemaRegistry);
        if (!uiCommandUrl.isEmpty() && !uiCommandUrl.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new ConfigException("ui.command.url must be an http(s) URL such as http://127.0.0.1:8080, got '"
                    + uiCommandUrl + "'");
        }
    }

    /**
     * Every key {@link #from} reads, found by running it: what a properties file or a {@code KES_*} variable may set
     * (docker-compose.yml is checked against it).
     */
    public static ConfigKeys keys() {
        return ConfigKeys.readBy(DEFAULTS, ProjectionServiceConfig::from);
    }

    public static ProjectionServiceConfig from(final Settings settings) {
        return new ProjectionServiceConfig(
                settings.get("application.id"),
                TopicNames.from(settings),
                settings.getInt("topic.partitions"),
                (short) settings.getInt("topic.replication.factor"),
                settings.getInt("topic.min.insync.replicas"),
                settings.get("http.host"),
                settings.getInt("http.port"),
                settings.get("http.advertised.host", settings.get("http.host")),
                settings.get("state.dir"),
                settings.get("instance.id", ""),
                settings.getInt("num.standby.replicas"),
                settings.getMillis("position.wait.ms"),
                settings.getMillis("position.recheck.ms"),
                settings.getInt("latest.cache.accounts"),
                new StreamSettings(settings.getInt("events.stream.max"), settings.getMillis("events.stream.heartbeat.ms"),
                        settings.getInt("events.stream.queue"), settings.getMillis("events.stream.retry.ms")),
                AccessTokens.from(settings),
                settings.kafkaClientProperties(),
                settings.withPrefix("streams."),
                SchemaRegistrySettings.from(settings),
                settings.get("ui.command.url", "").strip());
    }

    public static ProjectionServiceConfig of(final Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, Map.of(), overrides));
    }

    /** The same configuration with the HTTP port the server actually bound (port 0 in tests). */
    public ProjectionServiceConfig withHttpPort(final int port) {
        return new ProjectionServiceConfig(applicationId, topics, partitions, replicationFactor, minInsyncReplicas,
                httpHost, port, advertisedHost, stateDir, instanceId, standbyReplicas, positionWait, positionRecheck,
                latestCacheAccounts,
                eventStreams, httpTokens, kafka, streams, schemaRegistry, uiCommandUrl);
    }

    /** Safe to log: the Kafka and Streams properties with secrets masked, the tokens only counted. */
    @Override
    public String toString() {
        return "ProjectionServiceConfig[applicationId=" + applicationId + ", topics=" + topics
                + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", minInsyncReplicas=" + minInsyncReplicas + ", instanceId=" + instanceId
                + ", http=" + httpHost + ":" + httpPort + ", advertisedHost=" + advertisedHost
                + ", httpTokens=" + httpTokens + ", stateDir=" + stateDir + ", standbyReplicas=" + standbyReplicas
                + ", positionWait=" + positionWait + ", positionRecheck=" + positionRecheck
                + ", latestCacheAccounts=" + latestCacheAccounts
                + ", eventStreams=" + eventStreams
                + ", kafka=" + Secrets.redacted(kafka) + ", streams=" + Secrets.redacted(streams)
                + ", schemaRegistry=" + Secrets.redacted(schemaRegistry) + ", uiCommandUrl=" + uiCommandUrl + "]";
    }
}
