package dev.kes.bench;

import dev.kes.command.CommandServiceConfig;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.personal.KeyEncryptionKey;
import dev.kes.transfer.TransferManagerConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The services' configuration for one benchmark: its own topics ({@code <name>.account-commands} ...),
 * application.id and state dir, HTTP on any free port, the replication of the embedded cluster ({@link
 * BenchKafka#serviceTopicSettings}), everything else at the service's defaults.
 */
final class ServiceConfigs {
    /** Passed through to Kafka Streams by both services ({@code streams.*}, README "Configuration"). */
    private static final String STREAM_THREADS = "streams.num.stream.threads";

    private static final String STREAMS_PREFIX = "bench.streams.";
    private static final String CONFIG_PREFIX = "bench.config.";

    private ServiceConfigs() {}

    static CommandServiceConfig command(
            final BenchKafka kafka, final String name, final BenchOptions options, final long commitIntervalMs) {
        return CommandServiceConfig.of(
                withOverrides(commandTopics(kafka, name, TopicNames.prefixed(name), options, commitIntervalMs)));
    }

    /**
     * The transfer process manager over the command service's {@code topics}: application.id {@code name}, its own
     * DLQ ({@code <name>.dlq}) and state dir, HTTP on 127.0.0.1 and a free port.
     */
    static TransferManagerConfig transferManager(
            final BenchKafka kafka,
            final String name,
            final TopicNames topics,
            final BenchOptions options,
            final long commitIntervalMs) {
        final Map<String, String> config = commandTopics(kafka, name, topics, options, commitIntervalMs);
        config.put("topic.transfer.dlq", name + ".dlq");
        config.putIfAbsent("topic.min.insync.replicas", "1");
        return TransferManagerConfig.of(withOverrides(config));
    }

    /**
     * One projection-service instance reading {@code events}: application.id {@code name} (instances given the same
     * name form one group), its own state dir ({@code <name>-<instance>}), HTTP on 127.0.0.1 and a free port.
     */
    static ProjectionServiceConfig projection(
            final BenchKafka kafka,
            final String name,
            final String instance,
            final String events,
            final BenchOptions options,
            final int standbyReplicas) {
        final Map<String, String> config = common(kafka, name, name + "-" + instance, options);
        config.put("topic.events", events);
        // beside a command service of this run (TopicNames.prefixed), the data keys it sealed holders with
        final String suffix = "." + TopicNames.EVENTS;
        if (events.endsWith(suffix)) {
            config.put(
                    "topic.personal.keys",
                    TopicNames.prefixed(events.substring(0, events.length() - suffix.length()))
                            .personalKeys());
        }
        config.put("num.standby.replicas", String.valueOf(standbyReplicas));
        return ProjectionServiceConfig.of(withOverrides(config));
    }

    /** A Streams app over the command service's {@code topics}, committing every {@code commitIntervalMs}. */
    private static Map<String, String> commandTopics(
            final BenchKafka kafka,
            final String name,
            final TopicNames topics,
            final BenchOptions options,
            final long commitIntervalMs) {
        final Map<String, String> config = common(kafka, name, name, options);
        config.putAll(topics.settings());
        config.put("commit.interval.ms", String.valueOf(commitIntervalMs));
        return config;
    }

    /** What every service of a benchmark is given: its application.id, state dir, free HTTP port, topic settings. */
    private static Map<String, String> common(
            final BenchKafka kafka, final String name, final String stateDir, final BenchOptions options) {
        final Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrap());
        config.put("application.id", name);
        config.put("topic.partitions", String.valueOf(options.partitions()));
        config.put("state.dir", kafka.newStateDir(stateDir).toString());
        config.put("http.host", "127.0.0.1");
        config.put("http.port", "0");
        config.put(STREAM_THREADS, String.valueOf(options.streamThreads()));
        config.putAll(kafka.serviceTopicSettings());
        // every service of a run shares one key-encryption key (holders are sealed, docs/adr/0016)
        config.put(
                "personal.kek.file",
                KeyEncryptionKey.ensureFile(kafka.newStateDir("kek").resolve("kek"))
                        .toString());
        return config;
    }

    /** The benchmark's own settings, then what the command line overrides. */
    private static Map<String, String> withOverrides(final Map<String, String> config) {
        config.putAll(overrides());
        return config;
    }

    /**
     * Settings to try without a rebuild: each system property {@code -Dbench.streams.X=V} becomes the services'
     * {@code streams.X=V} (Kafka Streams), each {@code -Dbench.config.X=V} the service key {@code X=V}.
     */
    private static Map<String, String> overrides() {
        final Map<String, String> overrides = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(key -> {
            if (key.startsWith(STREAMS_PREFIX)) {
                overrides.put("streams." + key.substring(STREAMS_PREFIX.length()), System.getProperty(key));
            } else if (key.startsWith(CONFIG_PREFIX)) {
                overrides.put(key.substring(CONFIG_PREFIX.length()), System.getProperty(key));
            }
        });
        return overrides;
    }
}
