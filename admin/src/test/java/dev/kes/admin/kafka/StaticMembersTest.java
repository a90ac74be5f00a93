package dev.kes.admin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.EventsTopic;
import dev.kes.admin.testing.Services;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A projection with static membership, as the local stack runs its services, stopped cleanly: its member stays in
 * the group until its session times out, so es-admin still refuses. The refusal says why, how long, and what to do.
 */
@WithKafka
class StaticMembersTest {

    @Test
    void aRefusalAfterACleanStopNamesTheStaticMembersAndSaysHowLongTheyStay(
            final KafkaTestCluster kafka, @TempDir final Path stateDir) {
        final String applicationId = TestNames.unique("static");
        final TopicNames topics = TopicNames.prefixed(applicationId);
        EventsTopic.create(kafka, topics);
        // a session longer than this test, so that the member is still there however slow the machine is
        final ProjectionService projection = Services.projection(
                kafka,
                applicationId,
                topics,
                stateDir,
                Map.of(
                        "streams.main.consumer.group.instance.id", "local-stack-projection-service",
                        "streams.main.consumer.session.timeout.ms", "300000"));
        projection.close();

        final Cli.Run replay = Cli.forApplication("replay", kafka, applicationId, topics, "--dry-run");

        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(replay.err())
                .as(replay.toString())
                .hasLineCount(1)
                .contains("refusing to replay " + applicationId + ": it is running")
                .contains("All of them are static members (group.instance.id local-stack-projection-service-")
                .contains("stay in the group after their instance stops, even cleanly, until session.timeout.ms "
                        + "passes without a heartbeat from them (10 s for the kes services, ADR 0008")
                .contains("wait that long and run this again")
                .contains("Admin.removeMembersFromConsumerGroup");
    }
}
