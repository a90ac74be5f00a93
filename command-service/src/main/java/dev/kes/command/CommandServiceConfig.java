package dev.kes.command;

import dev.kes.service.auth.AccessTokens;
import dev.kes.service.config.ConfigException;
import dev.kes.service.config.ConfigKeys;
import dev.kes.service.config.SchemaRegistrySettings;
import dev.kes.service.config.Secrets;
import dev.kes.service.config.Settings;
import dev.kes.service.http.Cors;
import dev.kes.service.kafka.CommandTopicSpecs;
import dev.kes.service.kafka.TopicNames;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Everything the command service reads from its configuration (see README "Configuration").
 *
 * @param partitions      partitions of the topics the service creates when they are missing
 * @param commandPartitions partitions of the commands topic as it is: the processor refuses a command on a partition
 *                        that Kafka's default partitioner would not give its key. The partitions the service would
 *                        create, until {@link CommandService} reads the real count at start ({@link
 *                        #withCommandPartitions}); a TopologyTestDriver, which feeds partition 0, needs 1
 * @param commitWhenCaughtUp also commit as soon as a partition's processor has caught up with what its consumer sees,
 *                        not only every {@code commitIntervalMs} (group commit); off by default (ADR 0011)
 * @param allowOccurredAt honour a command's own occurredAt (imports of history); off by default
 * @param dedupeWindow    how long a commandId is remembered for retries
 * @param resultsRetention {@code retention.ms} of the results topic when the service creates it: the transfer process
 *                        manager learns of a refused credit there, so this bounds how long it may be down
 * @param accountCacheEntries accounts each stream task keeps decoded in memory (those written since the last commit
 *                        are kept in any case)
 * @param requestTimeout  how long an HTTP request waits for its command's result before answering 504
 * @param maxInFlightCommands HTTP commands this instance awaits results for at once; one more is answered 503
 *                        overloaded at once, without reaching Kafka
 * @param minInsyncReplicas {@code min.insync.replicas} of created topics whose replication factor is larger
 * @param instanceId      this instance's static group member id; blank: derived from host and state dir (ADR 0008)
 * @param httpTokens      bearer tokens the HTTP API accepts ({@code http.auth.tokens[.file]}); none: no authentication
 * @param schemaRegistry  the schema registry to write through ({@code schema.registry.url}); empty: none
 * @param corsOrigins     the browser origins allowed to call the API across origins ({@code http.cors.origins},
 *                        comma-separated, e.g. the projection's web console); empty: no CORS headers at all
 */
public record CommandServiceConfig(
        String applicationId,
        TopicNames topics,
        int partitions,
        int commandPartitions,
        short replicationFactor,
        int minInsyncReplicas,
        String httpHost,
        int httpPort,
        String stateDir,
        String instanceId,
        long commitIntervalMs,
        boolean commitWhenCaughtUp,
        boolean allowOccurredAt,
        Duration dedupeWindow,
        Duration resultsRetention,
        int accountCacheEntries,
        Duration requestTimeout,
        int maxInFlightCommands,
        AccessTokens httpTokens,
        Map<String, Object> kafka,
        Map<String, Object> streams,
        Map<String, Object> schemaRegistry,
        Set<String> corsOrigins) {

    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("kafka.bootstrap.servers", "127.0.0.1:9092"),
            Map.entry("application.id", "kes-command-service"),
            Map.entry("topic.partitions", "6"),
            Map.entry("topic.replication.factor", "-1"),
            Map.entry("topic.min.insync.replicas", "2"),
            Map.entry("http.host", "127.0.0.1"),
            Map.entry("http.port", "8080"),
            Map.entry("state.dir", "data/command-service"),
            Map.entry("commit.interval.ms", "100"),
            Map.entry("commit.when.caught.up", "false"),
            Map.entry("allow.occurred.at", "false"),
            Map.entry("dedupe.window.ms", String.valueOf(Duration.ofDays(7).toMillis())),
            Map.entry("topic.results.retention.ms",
                    String.valueOf(CommandTopicSpecs.DEFAULT_RESULTS_RETENTION.toMillis())),
            Map.entry("account.cache.entries", "10000"),
            Map.entry("request.timeout.ms", "10000"),
            // Little's law: 5 000 commands/s at 20 ms keep 100 in flight; 20 times that absorbs 400 ms stalls
            Map.entry("http.max.in.flight.commands", "2000"));

    public CommandServiceConfig {
        if (maxInFlightCommands < 1) {
            throw new ConfigException("http.max.in.flight.commands must be at least 1, got " + maxInFlightCommands);
        }
        kafka = Map.copyOf(kafka);
        streams = Map.copyOf(streams);
        schemaRegistry = Map.copyOf(schemaRegistry);
        corsOrigins = Set.copyOf(corsOrigins);
    }

    /**
     * Every key {@link #from} reads, found by running it: what a properties file or a {@code KES_*} variable may set
     * (docker-compose.yml is checked against it).
     */
    public static ConfigKeys keys() {
        return ConfigKeys.readBy(DEFAULTS, CommandServiceConfig::from);
    }

    public static CommandServiceConfig from(final Settings settings) {
        return new CommandServiceConfig(
                settings.get("application.id"),
                TopicNames.from(settings),
                settings.getInt("topic.partitions"),
                settings.getInt("topic.partitions"),
                (short) settings.getInt("topic.replication.factor"),
                settings.getInt("topic.min.insync.replicas"),
                settings.get("http.host"),
                settings.getInt("http.port"),
                settings.get("state.dir"),
                settings.get("instance.id", ""),
                settings.getLong("commit.interval.ms"),
                settings.getBoolean("commit.when.caught.up"),
                settings.getBoolean("allow.occurred.at"),
                settings.getMillis("dedupe.window.ms"),
                settings.getMillis("topic.results.retention.ms"),
                settings.getInt("account.cache.entries"),
                settings.getMillis("request.timeout.ms"),
                settings.getInt("http.max.in.flight.commands"),
                AccessTokens.from(settings),
                settings.kafkaClientProperties(),
                settings.withPrefix("streams."),
                SchemaRegistrySettings.from(settings),
                Cors.parseOrigins("http.cors.origins", settings.get("http.cors.origins", "")));
    }

    /** This configuration for a commands topic of {@code count} partitions. */
    public CommandServiceConfig withCommandPartitions(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a topic has at least 1 partition, got " + count);
        }
        return new CommandServiceConfig(applicationId, topics, partitions, count, replicationFactor, minInsyncReplicas,
                httpHost, httpPort, stateDir, instanceId, commitIntervalMs, commitWhenCaughtUp, allowOccurredAt,
                dedupeWindow, resultsRetention, accountCacheEntries, requestTimeout, maxInFlightCommands, httpTokens,
                kafka, streams, schemaRegistry, corsOrigins);
    }

    /** Safe to log: the Kafka and Streams properties with secrets masked, the tokens only counted. */
    @Override
    public String toString() {
        return "CommandServiceConfig[applicationId=" + applicationId + ", topics=" + topics
                + ", partitions=" + partitions + ", commandPartitions=" + commandPartitions
                + ", replicationFactor=" + replicationFactor
                + ", minInsyncReplicas=" + minInsyncReplicas + ", instanceId=" + instanceId
                + ", http=" + httpHost + ":" + httpPort + ", httpTokens=" + httpTokens + ", stateDir=" + stateDir
                + ", commitIntervalMs=" + commitIntervalMs + ", commitWhenCaughtUp=" + commitWhenCaughtUp
                + ", allowOccurredAt=" + allowOccurredAt
                + ", dedupeWindow=" + dedupeWindow + ", resultsRetention=" + resultsRetention
                + ", requestTimeout=" + requestTimeout + ", maxInFlightCommands=" + maxInFlightCommands
                + ", kafka=" + Secrets.redacted(kafka) + ", streams=" + Secrets.redacted(streams)
                + ", schemaRegistry=" + Secrets.redacted(schemaRegistry) + ", corsOrigins=" + corsOrigins + "]";
    }

    /** Defaults overlaid with the given keys: handy for tests and the local stack. */
    public static CommandServiceConfig of(final Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, Map.of(), overrides));
    }
}
