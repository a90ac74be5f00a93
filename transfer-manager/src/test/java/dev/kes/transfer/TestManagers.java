package dev.kes.transfer;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings of a transfer manager of one test: its own topics, application id, DLQ and state on the cluster. */
final class TestManagers {
    private TestManagers() {}

    /** Modifiable, for a test to add its own; {@code prefix} names the topics ({@link TopicNames#prefixed}). */
    static Map<String, String> settings(final KafkaTestCluster kafka, final String prefix, final Path state) {
        final Map<String, String> config =
                new HashMap<>(TopicNames.prefixed(prefix).settings());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", prefix);
        config.put("topic.transfer.dlq", prefix + ".transfer-dlq");
        config.put("topic.partitions", "2");
        config.put("http.port", "0");
        config.put("state.dir", state.toString());
        return config;
    }
}
