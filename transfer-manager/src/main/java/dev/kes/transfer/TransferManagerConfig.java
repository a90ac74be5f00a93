package dev.kes.transfer;

import dev.kes.service.config.CommonSettings;
import dev.kes.service.config.ConfigKeys;
import dev.kes.service.config.ServiceSettings;
import dev.kes.service.config.Settings;
import java.util.Map;

/**
 * Everything the transfer process manager reads from its configuration (see README "Transfer process manager"): the
 * keys every service reads ({@link CommonSettings}, answered as its own through {@link ServiceSettings}; its topics
 * are the command service's it reads, events and results, and writes, commands) and its own.
 *
 * @param dlqTopic          where steps it cannot attribute go ({@code topic.transfer.dlq})
 * @param commitIntervalMs  how often a transaction commits: a follow-up command is visible only after it
 */
public record TransferManagerConfig(CommonSettings common, String dlqTopic, long commitIntervalMs)
        implements ServiceSettings {

    public static final String DEFAULT_DLQ = "transfer-manager-dlq";

    public static final Map<String, String> DEFAULTS = CommonSettings.defaults(
            "kes-transfer-manager",
            8082,
            "data/transfer-manager",
            Map.of("topic.transfer.dlq", DEFAULT_DLQ, "commit.interval.ms", "100"));

    /**
     * Every key {@link #from} reads, found by running it: what a properties file or a {@code KES_*} variable may set
     * (docker-compose.yml is checked against it).
     */
    public static ConfigKeys keys() {
        return ConfigKeys.readBy(DEFAULTS, TransferManagerConfig::from);
    }

    public static TransferManagerConfig from(final Settings settings) {
        return new TransferManagerConfig(
                CommonSettings.from(settings),
                settings.get("topic.transfer.dlq"),
                settings.getLong("commit.interval.ms"));
    }

    public static TransferManagerConfig of(final Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, Map.of(), overrides));
    }
}
