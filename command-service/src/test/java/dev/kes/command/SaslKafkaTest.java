package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.command.testing.CapturedLogs;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.Responses;
import dev.kes.command.testing.TestServices;
import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import dev.kes.kafka.embedded.SaslPlain;
import dev.kes.kafka.test.TestNames;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both services on a cluster whose brokers accept only SASL/PLAIN clients, configured through nothing but
 * {@code kafka.*} keys (what {@code KAFKA_SECURITY_PROTOCOL} … set): a command goes through and is queryable, wrong
 * credentials stop the start with an error that says so, and the password never appears in a log line, not even in
 * the client configurations Kafka logs at INFO.
 *
 * <p>This class starts its own SASL-only cluster, next to the plaintext one the other tests of this JVM share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslKafkaTest {
    private static final String USER = "kes";
    private static final String PASSWORD = "sasl-pw-" + UUID.randomUUID();
    private EmbeddedKafkaCluster kafka;

    @BeforeAll
    void startCluster() {
        kafka = EmbeddedKafkaCluster.builder()
                .saslPlain(Map.of(USER, PASSWORD))
                .build()
                .start();
    }

    @AfterAll
    void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Exactly what an operator sets: the three security keys, and the usual service keys. */
    private Map<String, String> kafkaSettings(final String password) {
        final Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("kafka.security.protocol", "SASL_PLAINTEXT");
        config.put("kafka.sasl.mechanism", "PLAIN");
        config.put("kafka.sasl.jaas.config", SaslPlain.jaasConfig(USER, password));
        config.put("topic.partitions", "2");
        config.put("http.port", "0");
        return config;
    }

    @Test
    void aCommandGoesThroughAndIsQueryableWithoutThePasswordInAnyLog(@TempDir final Path state) throws Exception {
        final String prefix = TestNames.unique("sasl");
        final TopicNames topics = TopicNames.prefixed(prefix);
        final Map<String, String> commandConfig = kafkaSettings(PASSWORD);
        commandConfig.put("application.id", prefix + "-commands");
        commandConfig.put("topic.commands", topics.commands());
        commandConfig.put("topic.events", topics.events());
        commandConfig.put("topic.results", topics.results());
        commandConfig.put("topic.dlq", topics.dlq());
        commandConfig.put("state.dir", state.resolve("commands").toString());
        commandConfig.put("topic.personal.keys", topics.personalKeys());
        commandConfig.put("personal.kek.generate", "true");
        final Map<String, String> projectionConfig = kafkaSettings(PASSWORD);
        projectionConfig.put("application.id", prefix + "-projection");
        projectionConfig.put("topic.events", topics.events());
        projectionConfig.put("num.standby.replicas", "0");
        projectionConfig.put("state.dir", state.resolve("projection").toString());
        projectionConfig.put("topic.personal.keys", topics.personalKeys());
        // the command service generates it when it starts, first
        projectionConfig.put(
                "personal.kek.file", state.resolve("commands").resolve("kek").toString());

        try (CapturedLogs logs = new CapturedLogs(Level.INFO, "org.apache.kafka", "kafka", "dev.kes");
                CommandService commands = TestServices.startReady(commandConfig);
                ProjectionService projection = ProjectionService.start(ProjectionServiceConfig.of(projectionConfig))) {
            final HttpTestClient http = TestServices.http(commands);
            final HttpResponse<String> opened = http.postJson(
                    "/accounts", "{\"accountId\":\"sasl-1\",\"holder\":\"Secure\",\"initialDeposit\":\"42.00\"}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            final String position = Responses.body(opened).get("position").asText();

            final HttpTestClient queries = new HttpTestClient(projection.httpPort());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                final HttpResponse<String> account = queries.get("/accounts/sasl-1?position=" + position);
                assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
                final JsonNode body = Responses.body(account);
                assertThat(body.get("balance").asText()).isEqualTo("42.00");
                assertThat(body.get("version").asLong()).isEqualTo(1);
            });

            final List<String> lines = logs.lines();
            // the clients did log their configuration, with the JAAS entry masked by Kafka ...
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("sasl.jaas.config = [hidden]"));
            // ... and our own start-up line masks it too
            assertThat(lines)
                    .anySatisfy(
                            line -> assertThat(line).contains("starting with").contains("sasl.jaas.config=[hidden]"));
            assertThat(lines).noneSatisfy(line -> assertThat(line).contains(PASSWORD));
        }
    }

    @Test
    void wrongCredentialsStopTheStartWithAClearError(@TempDir final Path state) {
        final String wrong = "wrong-" + PASSWORD;
        final Map<String, String> config = kafkaSettings(wrong);
        config.put("application.id", TestNames.unique("sasl-wrong"));
        config.put("state.dir", state.toString());
        try (CapturedLogs logs = new CapturedLogs(Level.INFO, "org.apache.kafka", "kafka", "dev.kes")) {
            assertThatThrownBy(() -> CommandService.start(CommandServiceConfig.of(config))
                            .close())
                    .hasMessageContaining("Kafka refused this service's credentials")
                    .hasMessageContaining("kafka.sasl.jaas.config");
            assertThatThrownBy(() -> ProjectionService.start(ProjectionServiceConfig.of(config))
                            .close())
                    .hasMessageContaining("Kafka refused this service's credentials");
            assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(wrong));
        }
    }
}
