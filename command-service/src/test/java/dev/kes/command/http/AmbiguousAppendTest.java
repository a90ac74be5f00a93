package dev.kes.command.http;

import static dev.kes.command.testing.Responses.assertProblem;
import static dev.kes.command.testing.Responses.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.client.command.CommandClient;
import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandService;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.OwnCluster;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestCommands;
import dev.kes.command.testing.TestServices;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import dev.kes.service.http.Problem;
import dev.kes.service.http.ProblemException;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command whose append Kafka reports as failed may have been written all the same: the answer is 504
 * outcome-unknown, never a 503 that says it was not appended, and the command is applied once the write commits.
 * Only a command that never reached Kafka is a 503.
 *
 * <p>Its own 2-node cluster: the commands topic alone has a replica on both nodes, and the follower's fetches wait
 * for more bytes than ever come, so each returns only after {@code replica.fetch.wait.max.ms}. The leader appends a
 * command at once but cannot acknowledge it ({@code acks=all}) before the producer's delivery timeout. Moving the
 * follower out of the replicas then commits the write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmbiguousAppendTest {
    /** Far beyond the test's duration: the follower's first fetch of the commands topic does not come back. */
    private static final String FOLLOWER_FETCH_WAIT_MS =
            String.valueOf(Duration.ofMinutes(5).toMillis());

    private static final String OPEN = "{\"accountId\":\"amb-1\",\"holder\":\"Ann\",\"initialDeposit\":\"10.00\"}";

    private EmbeddedKafkaCluster cluster;
    private OwnCluster kafka;
    private CommandService service;
    private TopicNames topics;

    @BeforeAll
    void start(@TempDir final Path state) throws Exception {
        cluster = EmbeddedKafkaCluster.builder()
                .brokers(2)
                // every other topic on one node, so that only the commands topic waits for the follower
                .brokerProperty("default.replication.factor", "1")
                .brokerProperty("offsets.topic.replication.factor", "1")
                .brokerProperty("transaction.state.log.replication.factor", "1")
                .brokerProperty("transaction.state.log.min.isr", "1")
                .brokerProperty("share.coordinator.state.topic.replication.factor", "1")
                .brokerProperty("share.coordinator.state.topic.min.isr", "1")
                .brokerProperty("replica.fetch.min.bytes", String.valueOf(Integer.MAX_VALUE))
                .brokerProperty("replica.fetch.wait.max.ms", FOLLOWER_FETCH_WAIT_MS)
                .brokerProperty("replica.lag.time.max.ms", FOLLOWER_FETCH_WAIT_MS)
                .brokerProperty("replica.socket.timeout.ms", FOLLOWER_FETCH_WAIT_MS)
                .build()
                .start();
        kafka = new OwnCluster(cluster);
        final Map<String, String> config = TestServices.config(kafka, "ambiguous-append", state);
        config.put("topic.partitions", "1");
        config.put("request.timeout.ms", "3000");
        topics = TestServices.topics(config);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topics.commands(), Map.of(0, List.of(0, 1)))
                            .configs(Map.of("cleanup.policy", "delete"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        service = TestServices.startReady(config);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aCommandKafkaMayHaveWrittenIsOutcomeUnknownAndIsAppliedOnceTheWriteCommits() throws Exception {
        final HttpTestClient http = TestServices.http(service);

        final HttpResponse<String> first = http.postJson("/accounts", OPEN, "Idempotency-Key", "amb-open-1");

        final JsonNode problem = assertProblem(first, 504, "outcome-unknown");
        assertThat(problem.get("commandId").asText()).isEqualTo("amb-open-1");
        assertThat(problem.get("detail").asText()).contains("retry with the same Idempotency-Key");

        commitWithoutTheFollower(topics.commands());
        final HttpResponse<String> retry = http.postJson("/accounts", OPEN, "Idempotency-Key", "amb-open-1");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(body(retry).get("version").asLong()).isEqualTo(1);
        // the first attempt was written: it opened the account, the retry only returned its outcome
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(TopicReader.events(kafka, topics.events(), "amb-1"))
                        .extracting(StoredEvent::causationId)
                        .containsExactly("amb-open-1"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCommandThatNeverReachedKafkaIsUnavailable() {
        // no such commands topic (and no auto-creation): send() gives up waiting for its metadata
        final String missingCommands = topics.commands() + ".missing";
        try (CommandGateway gateway = new CommandGateway(
                CommandClient.builder()
                        .kafka(kafka.clientProperties())
                        .topics(missingCommands, topics.results())
                        .timeout(Duration.ofSeconds(3))
                        .build(),
                1,
                CommandMetrics.unexposed())) {
            final CompletionException failed = catchThrowableOfType(
                    CompletionException.class,
                    () -> gateway.submit(
                                    "amb-open-2",
                                    TestCommands.open("amb-open-2", "amb-2", "Ann", "10.00"),
                                    Runnable::run)
                            .join());

            assertThat(failed).hasCauseInstanceOf(ProblemException.class);
            final ProblemException refused = (ProblemException) failed.getCause();

            final Problem problem = refused.problem();
            assertThat(problem.status()).isEqualTo(503);
            assertThat(problem.type()).isEqualTo("urn:kes:problem:kafka-unavailable");
            assertThat(problem.extensions()).containsEntry("commandId", "amb-open-2");
        }
    }

    /** Leaves the leader as the only replica: the write it holds is committed, with no acknowledgement to anyone. */
    private void commitWithoutTheFollower(final String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            final int leader = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .get(0)
                    .leader()
                    .id();
            admin.alterPartitionReassignments(
                            Map.of(partition, Optional.of(new NewPartitionReassignment(List.of(leader)))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.describeTopics(List.of(topic))
                                    .allTopicNames()
                                    .get(30, TimeUnit.SECONDS)
                                    .get(topic)
                                    .partitions()
                                    .get(0)
                                    .replicas()
                                    .size()
                            == 1);
        }
    }
}
