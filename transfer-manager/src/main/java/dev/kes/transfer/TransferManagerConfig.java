package dev.kes.transfer;

import dev.kes.service.config.CommonSettings;
import dev.kes.service.config.ConfigException;
import dev.kes.service.config.ConfigKeys;
import dev.kes.service.config.ServiceSettings;
import dev.kes.service.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the transfer process manager reads from its configuration (see README "Transfer process manager"): the
 * keys every service reads ({@link CommonSettings}, answered as its own through {@link ServiceSettings}; its topics
 * are the command service's it reads, events and results, and writes, commands) and its own.
 *
 * @param dlqTopic          where steps it cannot attribute go ({@code topic.transfer.dlq})
 * @param commitIntervalMs  how often a transaction commits: a follow-up command is visible only after it
 * @param resendAfter       how long a transfer may wait for its follow-up's outcome before the follow-up is sent
 *                          again ({@code transfer.resend.after.ms})
 * @param finishedRetention how long a finished transfer stays in the store, to recognise late copies of its steps
 *                          ({@code transfer.finished.retention.ms})
 */
public record TransferManagerConfig(
        CommonSettings common, String dlqTopic, long commitIntervalMs, Duration resendAfter, Duration finishedRetention)
        implements ServiceSettings {

    public static final String DEFAULT_DLQ = "transfer-manager-dlq";

    public static final Map<String, String> DEFAULTS = CommonSettings.defaults(
            "kes-transfer-manager",
            8082,
            "data/transfer-manager",
            Map.of(
                    "topic.transfer.dlq",
                    DEFAULT_DLQ,
                    "commit.interval.ms",
                    "100",
                    "transfer.resend.after.ms",
                    String.valueOf(Duration.ofMinutes(5).toMillis()),
                    "transfer.finished.retention.ms",
                    String.valueOf(Duration.ofHours(1).toMillis())));

    public TransferManagerConfig {
        if (resendAfter.toMillis() < 1) {
            throw new ConfigException("transfer.resend.after.ms must be at least 1, got " + resendAfter.toMillis());
        }
        if (finishedRetention.isNegative()) {
            throw new ConfigException(
                    "transfer.finished.retention.ms must not be negative, got " + finishedRetention.toMillis());
        }
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
                CommonSettings.from(settings),
                settings.get("topic.transfer.dlq"),
                settings.getLong("commit.interval.ms"),
                settings.getMillis("transfer.resend.after.ms"),
                settings.getMillis("transfer.finished.retention.ms"));
    }

    public static TransferManagerConfig of(final Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, Map.of(), overrides));
    }
}
