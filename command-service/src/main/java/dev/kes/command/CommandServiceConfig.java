package dev.kes.command;

import dev.kes.service.config.CommonSettings;
import dev.kes.service.config.ConfigException;
import dev.kes.service.config.ConfigKeys;
import dev.kes.service.config.ServiceSettings;
import dev.kes.service.config.Settings;
import dev.kes.service.http.Cors;
import dev.kes.service.kafka.CommandTopicSpecs;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Everything the command service reads from its configuration (see README "Configuration"): the keys every service
 * reads ({@link CommonSettings}, answered as its own through {@link ServiceSettings}) and its own.
 *
 * @param commandPartitions partitions of the commands topic as it is: the processor refuses a command on a partition
 *                        that Kafka's default partitioner would not give its key. The partitions the service would
 *                        create, until {@link CommandService} reads the real count at start ({@link
 *                        #withCommandPartitions}); a TopologyTestDriver, which feeds partition 0, needs 1
 * @param commitWhenCaughtUp also commit as soon as a partition's processor has caught up with what its consumer sees,
 *                        not only every {@code commitIntervalMs} (group commit, paced); on by default (ADR 0017)
 * @param allowOccurredAt honour a command's own occurredAt (imports of history); off by default
 * @param dedupeWindow    how long a commandId is remembered for retries
 * @param resultsRetention {@code retention.ms} of the results topic when the service creates it: the transfer process
 *                        manager learns of a refused credit there, so this bounds how long it may be down
 * @param accountCacheEntries accounts each stream task keeps decoded in memory, least recently used forgotten first
 * @param requestTimeout  how long an HTTP request waits for its command's result before answering 504
 * @param maxInFlightCommands HTTP commands this instance awaits results for at once; one more is answered 503
 *                        overloaded at once, without reaching Kafka
 * @param corsOrigins     the browser origins allowed to call the API across origins ({@code http.cors.origins},
 *                        comma-separated, e.g. the projection's web console); empty: no CORS headers at all
 */
public record CommandServiceConfig(
        CommonSettings common,
        int commandPartitions,
        long commitIntervalMs,
        boolean commitWhenCaughtUp,
        boolean allowOccurredAt,
        Duration dedupeWindow,
        Duration resultsRetention,
        int accountCacheEntries,
        Duration requestTimeout,
        int maxInFlightCommands,
        Set<String> corsOrigins)
        implements ServiceSettings {

    public static final Map<String, String> DEFAULTS = CommonSettings.defaults(
            "kes-command-service",
            8080,
            "data/command-service",
            Map.of(
                    "commit.interval.ms", "100",
                    "commit.when.caught.up", "true",
                    "allow.occurred.at", "false",
                    "dedupe.window.ms", String.valueOf(Duration.ofDays(7).toMillis()),
                    "topic.results.retention.ms",
                            String.valueOf(CommandTopicSpecs.DEFAULT_RESULTS_RETENTION.toMillis()),
                    "account.cache.entries", "10000",
                    "request.timeout.ms", "10000",
                    // Little's law: 5 000 commands/s at 20 ms keep 100 in flight; 20 times that absorbs 400 ms stalls
                    "http.max.in.flight.commands", "2000"));

    public CommandServiceConfig {
        if (maxInFlightCommands < 1) {
            throw new ConfigException("http.max.in.flight.commands must be at least 1, got " + maxInFlightCommands);
        }
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
                CommonSettings.from(settings),
                settings.getInt("topic.partitions"),
                settings.getLong("commit.interval.ms"),
                settings.getBoolean("commit.when.caught.up"),
                settings.getBoolean("allow.occurred.at"),
                settings.getMillis("dedupe.window.ms"),
                settings.getMillis("topic.results.retention.ms"),
                settings.getInt("account.cache.entries"),
                settings.getMillis("request.timeout.ms"),
                settings.getInt("http.max.in.flight.commands"),
                Cors.parseOrigins("http.cors.origins", settings.get("http.cors.origins", "")));
    }

    /** This configuration for a commands topic of {@code count} partitions. */
    public CommandServiceConfig withCommandPartitions(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a topic has at least 1 partition, got " + count);
        }
        return new CommandServiceConfig(
                common,
                count,
                commitIntervalMs,
                commitWhenCaughtUp,
                allowOccurredAt,
                dedupeWindow,
                resultsRetention,
                accountCacheEntries,
                requestTimeout,
                maxInFlightCommands,
                corsOrigins);
    }

    /** Defaults overlaid with the given keys: handy for tests and the local stack. */
    public static CommandServiceConfig of(final Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, Map.of(), overrides));
    }
}
