package dev.kes.bench;

import dev.kes.command.CommandServiceConfig;
import dev.kes.service.kafka.TopicNames;

import java.util.HashMap;
import java.util.Map;

/**
 * The command service's configuration for one benchmark: its own topics ({@code <name>.account-commands} ...),
 * application.id and state dir, HTTP on any free port, everything else at the service's defaults.
 */
final class ServiceConfigs {
    private ServiceConfigs() {
    }

    static CommandServiceConfig command(final BenchKafka kafka, final String name, final BenchOptions options,
                                        final long commitIntervalMs) {
        final TopicNames topics = TopicNames.prefixed(name);
        final Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrap());
        config.put("application.id", name);
        config.put("topic.commands", topics.commands());
        config.put("topic.events", topics.events());
        config.put("topic.results", topics.results());
        config.put("topic.dlq", topics.dlq());
        config.put("topic.partitions", String.valueOf(options.partitions()));
        config.put("state.dir", kafka.newStateDir(name).toString());
        config.put("http.port", "0");
        config.put("commit.interval.ms", String.valueOf(commitIntervalMs));
        return CommandServiceConfig.of(config);
    }
}
