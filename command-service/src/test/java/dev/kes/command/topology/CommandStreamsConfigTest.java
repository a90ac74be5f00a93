package dev.kes.command.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.command.CommandServiceConfig;
import dev.kes.service.kafka.GroupMembership;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class CommandStreamsConfigTest {
    private static final String RESTORE_FETCH_WAIT = "restore.consumer.fetch.max.wait.ms";

    @Test
    void recoversWithoutWaitingOnIdleFetchesAndPolls() {
        final Properties props = CommandStreamsConfig.properties(CommandServiceConfig.of(Map.of()));

        assertThat(props.get(RESTORE_FETCH_WAIT)).isEqualTo(10);
        assertThat(props.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(10);
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void tasksDoNotWaitForOtherPartitionsSinceEachReadsOne() {
        final Properties props = CommandStreamsConfig.properties(CommandServiceConfig.of(Map.of()));

        assertThat(props.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(-1L);
        assertThat(CommandTopology.build(CommandServiceConfig.of(Map.of()))
                        .describe()
                        .subtopologies())
                .singleElement()
                .satisfies(sub -> assertThat(sub.nodes())
                        .filteredOn(node -> node.predecessors().isEmpty())
                        .singleElement()
                        .satisfies(source -> assertThat(
                                        ((org.apache.kafka.streams.TopologyDescription.Source) source).topicSet())
                                .hasSize(1)));
    }

    @Test
    void theProducerNeitherLingersNorBacksOffLongerThanACommitShouldTake() {
        final Properties props = CommandStreamsConfig.properties(CommandServiceConfig.of(Map.of()));

        assertThat(props.get("producer.linger.ms")).isEqualTo(5);
        assertThat(props.get("producer.retry.backoff.ms")).isEqualTo(5L);
    }

    @Test
    void operatorSettingsWin() {
        final Properties props = CommandStreamsConfig.properties(
                CommandServiceConfig.of(Map.of("streams." + RESTORE_FETCH_WAIT, "500", "streams.poll.ms", "100")));

        assertThat(props.get(RESTORE_FETCH_WAIT)).isEqualTo("500");
        assertThat(props.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo("100");
    }

    @Test
    void aKilledInstanceComesBackAsTheSameStaticMemberWithinABoundedSession() {
        final Properties props = CommandStreamsConfig.properties(CommandServiceConfig.of(Map.of("state.dir", "x")));

        assertThat(props.get("session.timeout.ms")).isEqualTo(10_000);
        assertThat(props.get("main.consumer.group.instance.id")).isEqualTo(GroupMembership.instanceId("", "x"));
    }

    @Test
    void internalTopicsRequireTwoInSyncReplicasWithThreeReplicas() {
        assertThat(CommandStreamsConfig.properties(CommandServiceConfig.of(Map.of("topic.replication.factor", "3")))
                        .get("topic.min.insync.replicas"))
                .isEqualTo(2);
        assertThat(CommandStreamsConfig.properties(CommandServiceConfig.of(Map.of())))
                .doesNotContainKey("topic.min.insync.replicas");
    }
}
