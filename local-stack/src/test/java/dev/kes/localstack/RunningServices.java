package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.personal.KeyEncryptionKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Both services on the test cluster with topics and application ids of their own, HTTP on free ports. */
final class RunningServices implements AutoCloseable {
    final CommandService commands;
    final ProjectionService projection;
    final HttpTestClient commandApi;
    final HttpTestClient queryApi;
    final TopicNames topics;

    private RunningServices(
            final CommandService commands, final ProjectionService projection, final TopicNames topics) {
        this.commands = commands;
        this.topics = topics;
        this.projection = projection;
        this.commandApi = new HttpTestClient(commands.httpPort());
        this.queryApi = new HttpTestClient(projection.httpPort());
    }

    static RunningServices start(final KafkaTestCluster kafka, final Path state, final Map<String, String> extra) {
        final String prefix = TestNames.unique("stack");
        final TopicNames topics = TopicNames.prefixed(prefix);
        final Map<String, String> common = commonConfig(kafka, topics, state);
        common.putAll(extra);
        final Map<String, String> commandConfig = new HashMap<>(common);
        commandConfig.putAll(Map.of(
                "application.id",
                prefix + "-commands",
                "state.dir",
                state.resolve("commands").toString()));
        final Map<String, String> projectionConfig = new HashMap<>(common);
        projectionConfig.putAll(Map.of(
                "application.id",
                prefix + "-projection",
                "state.dir",
                state.resolve("projection").toString(),
                "num.standby.replicas",
                "0"));
        final CommandService commands = CommandService.start(CommandServiceConfig.of(commandConfig));
        final RunningServices services = new RunningServices(
                commands, ProjectionService.start(ProjectionServiceConfig.of(projectionConfig)), topics);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(services.commandApi.get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(services.queryApi.get("/health/ready").statusCode()).isEqualTo(200);
        });
        return services;
    }

    @Override
    public void close() {
        projection.close();
        commands.close();
    }

    /** What both services share: the cluster, the topics (3 partitions), HTTP on a free port, a key-encryption key. */
    static Map<String, String> commonConfig(final KafkaTestCluster kafka, final TopicNames topics, final Path state) {
        final Map<String, String> common = new HashMap<>(Map.of(
                "kafka.bootstrap.servers",
                kafka.bootstrapServers(),
                "topic.commands",
                topics.commands(),
                "topic.events",
                topics.events(),
                "topic.results",
                topics.results(),
                "topic.dlq",
                topics.dlq(),
                "topic.partitions",
                "3",
                "http.port",
                "0"));
        common.put("topic.personal.keys", topics.personalKeys());
        common.put(
                "personal.kek.file",
                KeyEncryptionKey.ensureFile(state.resolve("kek")).toString());
        return common;
    }
}
