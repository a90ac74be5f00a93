package dev.kes.projection;

import dev.kes.projection.http.StreamSettings;
import dev.kes.service.config.CommonSettings;
import dev.kes.service.config.ConfigException;
import dev.kes.service.config.ConfigKeys;
import dev.kes.service.config.ServiceSettings;
import dev.kes.service.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the projection service reads from its configuration (see README "Configuration"): the keys every
 * service reads ({@link CommonSettings}, answered as its own through {@link ServiceSettings}) and its own.
 *
 * @param advertisedHost host other instances use to reach this one for forwarded queries
 * @param positionWait   how long a query with {@code ?position=} waits for the projection to catch up
 * @param positionRecheck how often such a query looks again when no event applied here woke it: the bound for
 *                       copies that change without this instance's processors (standbys, restoring copies)
 * @param eventStreams   limits of {@code GET /events/stream} ({@code events.stream.*})
 * @param latestCacheAccounts per task, how many accounts' latest applied state the projector keeps in memory so that
 *                       their next event needs no store scan ({@code latest.cache.accounts}; 0: none)
 * @param uiCommandUrl   the command service's base URL the web console at {@code /ui/} sends its commands to
 *                       ({@code ui.command.url}); blank: the console only reads
 * @param readyMaxLag    {@code /health/ready} answers 503 while the records of the events topic not yet committed by
 *                       this instance's active partitions, summed, exceed it ({@code projection.ready.max.lag}; 0:
 *                       fully caught up)
 */
public record ProjectionServiceConfig(
        CommonSettings common,
        String advertisedHost,
        int standbyReplicas,
        Duration positionWait,
        Duration positionRecheck,
        int latestCacheAccounts,
        StreamSettings eventStreams,
        String uiCommandUrl,
        long readyMaxLag)
        implements ServiceSettings {

    /** The suffix of the application id of a projection generation; empty: the application id as it is. */
    public static final String GENERATION = "projection.generation";

    public static final Map<String, String> DEFAULTS = CommonSettings.defaults(
            "kes-projection-service",
            8081,
            "data/projection-service",
            Map.of(
                    "num.standby.replicas", "1",
                    "position.wait.ms", "5000",
                    "position.recheck.ms", "20",
                    "latest.cache.accounts", "10000",
                    "events.stream.max", "100",
                    "events.stream.heartbeat.ms", "15000",
                    "events.stream.queue", "1000",
                    "events.stream.retry.ms", "3000",
                    "projection.ready.max.lag", "1000"));

    public ProjectionServiceConfig {
        if (positionRecheck.toMillis() < 1) {
            throw new ConfigException("position.recheck.ms must be at least 1, got " + positionRecheck.toMillis());
        }
        if (!uiCommandUrl.isEmpty() && !uiCommandUrl.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new ConfigException(
                    "ui.command.url must be an http(s) URL such as http://127.0.0.1:8080, got '" + uiCommandUrl + "'");
        }
        if (readyMaxLag < 0) {
            throw new ConfigException("projection.ready.max.lag must be 0 or more, got " + readyMaxLag);
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
                CommonSettings.from(generation(settings)),
                settings.get("http.advertised.host", settings.get("http.host")),
                settings.getInt("num.standby.replicas"),
                settings.getMillis("position.wait.ms"),
                settings.getMillis("position.recheck.ms"),
                settings.getInt("latest.cache.accounts"),
                new StreamSettings(
                        settings.getInt("events.stream.max"),
                        settings.getMillis("events.stream.heartbeat.ms"),
                        settings.getInt("events.stream.queue"),
                        settings.getMillis("events.stream.retry.ms")),
                settings.get("ui.command.url", "").strip(),
                settings.getLong("projection.ready.max.lag"));
    }

    /**
     * With {@code projection.generation=G}, the application id is {@code <application.id>-G}: a generation built beside
     * the running one, with its own group, internal topics and state (docs/adr/0014-projection-generations.md).
     */
    private static Settings generation(final Settings settings) {
        final String generation = settings.get(GENERATION, "").strip();
        if (generation.isEmpty()) {
            return settings;
        }
        if (!generation.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException(
                    GENERATION + " must be 1-64 letters, digits, '.', '_' or '-', got '" + generation + "'");
        }
        return settings.with("application.id", settings.get("application.id") + "-" + generation);
    }

    public static ProjectionServiceConfig of(final Map<String, String> overrides) {
        return from(Settings.load(DEFAULTS, Map.of(), overrides));
    }

    /** The same configuration with the HTTP port the server actually bound (port 0 in tests). */
    public ProjectionServiceConfig withHttpPort(final int port) {
        return new ProjectionServiceConfig(
                common.withHttpPort(port),
                advertisedHost,
                standbyReplicas,
                positionWait,
                positionRecheck,
                latestCacheAccounts,
                eventStreams,
                uiCommandUrl,
                readyMaxLag);
    }
}
