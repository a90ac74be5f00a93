package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.kes.command.testing.CapturedLogs;
import dev.kes.command.testing.TestServices;
import dev.kes.command.topology.StoreNames;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TopicInspection;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.Durability;
import dev.kes.service.kafka.TopicMisconfiguredException;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Topics are created right when missing, and an existing topic that would lose data stops the start. */
@WithKafka
class TopicProvisioningTest {

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
        "events,   cleanup.policy, compact",
        "events,   cleanup.policy, 'compact,delete'",
        "events,   retention.ms,   604800000",
        "events,   retention.bytes, 1073741824",
        "commands, cleanup.policy, compact",
        "results,  cleanup.policy, compact",
        "dlq,      cleanup.policy, compact"
    })
    void anExistingTopicWithAWrongPolicyStopsTheStart(
            final String which,
            final String key,
            final String value,
            final KafkaTestCluster kafka,
            @TempDir final Path state) {
        final Map<String, String> config = TestServices.config(kafka, "provisioning", state);
        final String topic = topic(TestServices.topics(config), which);
        kafka.createTopic(topic, 3, Map.of(key, value));

        assertThatThrownBy(() -> CommandService.start(CommandServiceConfig.of(config)))
                .isInstanceOf(TopicMisconfiguredException.class)
                .hasMessageContaining("topic '" + topic + "' has " + key + "=" + value)
                .hasMessageContaining("must have " + key + "=");
    }

    @Test
    void startingOnAnEventsTopicThatCannotBeDurableWarnsOnce(final KafkaTestCluster kafka, @TempDir final Path state) {
        final Map<String, String> config = TestServices.config(kafka, "not-durable", state);
        final TopicNames topics = TestServices.topics(config);
        kafka.createTopic(topics.events(), 3, Map.of("retention.ms", "-1", "retention.bytes", "-1"));
        try (CapturedLogs logs = new CapturedLogs(Level.WARN, Durability.class.getName());
                CommandService service = CommandService.start(CommandServiceConfig.of(config))) {
            assertThat(logs.lines())
                    .filteredOn(line -> line.startsWith(Durability.class.getName()))
                    .singleElement()
                    .asString()
                    .contains("topic '" + topics.events() + "' has replication factor 1 and min.insync.replicas 1")
                    .contains("acks=all");
        }
    }

    @Test
    void missingTopicsAreCreatedWithTheirPolicies(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final Map<String, String> config = TestServices.config(kafka, "provisioned", state);
        config.put("topic.partitions", "4");
        final TopicNames topics = TestServices.topics(config);
        try (CommandService service = CommandService.start(CommandServiceConfig.of(config));
                Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(service.httpPort()).isPositive();
            final List<String> names = List.of(topics.commands(), topics.events(), topics.results(), topics.dlq());
            assertThat(admin.describeTopics(names)
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .values())
                    .allSatisfy(
                            description -> assertThat(description.partitions()).hasSize(4));
            final Function<String, Config> configOf = name -> TopicInspection.configs(admin, name);
            assertThat(configOf.apply(topics.events()).get("retention.ms").value())
                    .isEqualTo("-1");
            assertThat(configOf.apply(topics.events()).get("retention.bytes").value())
                    .isEqualTo("-1");
            assertThat(configOf.apply(topics.events()).get("cleanup.policy").value())
                    .isEqualTo("delete");
            assertThat(configOf.apply(topics.commands()).get("retention.ms").value())
                    .isEqualTo("604800000");
            assertThat(configOf.apply(topics.results()).get("retention.ms").value())
                    .isEqualTo("604800000");
            assertThat(configOf.apply(topics.dlq()).get("cleanup.policy").value())
                    .isEqualTo("delete");
        }
    }

    /** The snapshot topic: compacted, with segments small enough that a restore reads few superseded snapshots. */
    @Test
    void theSnapshotChangelogIsCompactedWithBoundedSegments(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final Map<String, String> config = TestServices.config(kafka, "snapshots", state);
        final String changelog = StoreNames.changelog(config.get("application.id"), StoreNames.ACCOUNT_STATE);
        try (CommandService ignored = CommandService.start(CommandServiceConfig.of(config));
                Admin admin = Admin.create(kafka.clientProperties())) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(changelog));
            final Config configs = TopicInspection.configs(admin, changelog);
            assertThat(configs.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get("min.compaction.lag.ms").value()).isEqualTo("0");
            assertThat(configs.get("segment.bytes").value()).isEqualTo(String.valueOf(64 << 20));
            assertThat(configs.get("segment.ms").value())
                    .isEqualTo(String.valueOf(Duration.ofHours(1).toMillis()));
        }
    }

    private static String topic(final TopicNames topics, final String which) {
        return switch (which) {
            case "events" -> topics.events();
            case "commands" -> topics.commands();
            case "results" -> topics.results();
            case "dlq" -> topics.dlq();
            default -> throw new IllegalArgumentException(which);
        };
    }
}
