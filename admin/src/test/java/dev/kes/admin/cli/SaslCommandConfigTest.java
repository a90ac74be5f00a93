package dev.kes.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.testing.Cli;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import dev.kes.kafka.embedded.SaslPlain;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.mapping.EventMapping;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * es-admin against a cluster whose brokers accept only SASL/PLAIN clients: every client it creates takes its
 * security settings from {@code --command-config}, as Kafka's own tools do, and the password never shows in what it
 * prints. Starts its own SASL-only cluster, next to the plaintext one the other tests of this JVM share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslCommandConfigTest {
    private static final String USER = "ops";
    private static final String PASSWORD = "admin-pw-" + UUID.randomUUID();
    private static final String TOPIC = "sasl-account-events";
    private static final Instant OPENED = Instant.parse("2024-01-15T09:00:00Z");

    private EmbeddedKafkaCluster kafka;

    @BeforeAll
    void startClusterWithEvents() throws Exception {
        kafka = EmbeddedKafkaCluster.builder()
                .saslPlain(Map.of(USER, PASSWORD))
                .build()
                .start();
        final Map<String, Object> props = clientProperties(PASSWORD);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        final AvroCodec codec = AvroCodec.shipped();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (final AccountEvent event : List.of(
                    new AccountEvent.AccountOpened("sasl-acc", 1, OPENED, "Secure Holder", new BigDecimal("10.00")),
                    new AccountEvent.MoneyDeposited(
                            "sasl-acc",
                            2,
                            OPENED.plusSeconds(60),
                            new BigDecimal("5.00"),
                            "top-up",
                            new BigDecimal("15.00")))) {
                final byte[] value = codec.encode(EventMapping.toAvro(
                        event, "sasl-" + event.version(), Metadata.newBuilder().build()));
                producer.send(new ProducerRecord<>(
                                TOPIC, null, event.occurredAt().toEpochMilli(), event.accountId(), value))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyClientTakesItsSecuritySettingsFromTheCommandConfig(@TempDir final Path dir) throws Exception {
        final Path config = commandConfig(dir, PASSWORD);

        final Cli.Run events = withCommandConfig("events", config, "--account", "sasl-acc");
        assertThat(events.exitCode()).as(events.toString()).isEqualTo(ExitCodes.OK);
        assertThat(events.out()).contains("sasl-acc", "AccountOpened", "MoneyDeposited");

        // archive uses an Admin client and a consumer: both must log in too
        final Cli.Run archive = withCommandConfig(
                "archive",
                config,
                "--before",
                OPENED.plusSeconds(30).toString(),
                "--archive",
                dir.resolve("archive").toString(),
                "--dry-run");
        assertThat(archive.exitCode()).as(archive.toString()).isEqualTo(ExitCodes.OK);
        assertThat(archive.out()).contains("would truncate");

        assertThat(events + archive.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordFailsWithTheBrokersReasonAndNoStackTrace(@TempDir final Path dir) throws Exception {
        final Cli.Run run = withCommandConfig("events", commandConfig(dir, "not-the-password"), "--timeout", "10");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .startsWith("error: ")
                .containsIgnoringCase("authentication")
                .doesNotContain("\tat ");
    }

    /** es-admin COMMAND on TOPIC of the SASL broker, its clients configured by {@code config}, then {@code more}. */
    private Cli.Run withCommandConfig(final String command, final Path config, final String... more) {
        final List<String> line = new ArrayList<>(List.of(
                command,
                "--bootstrap",
                kafka.bootstrapServers(),
                "--command-config",
                config.toString(),
                "--events-topic",
                TOPIC));
        line.addAll(List.of(more));
        return Cli.run(line.toArray(String[]::new));
    }

    private Map<String, Object> clientProperties(final String password) {
        final Map<String, Object> props = new HashMap<>(SaslPlain.clientProperties(USER, password));
        props.put("bootstrap.servers", kafka.bootstrapServers());
        return props;
    }

    /** What an operator writes for Kafka's own tools: plain client keys, no bootstrap (it comes from --bootstrap). */
    private static Path commandConfig(final Path dir, final String password) throws Exception {
        final Path file = dir.resolve("client-" + UUID.randomUUID() + ".properties");
        final StringBuilder text = new StringBuilder();
        SaslPlain.clientProperties(USER, password)
                .forEach((key, value) -> text.append(key)
                        .append('=')
                        .append(value.toString().replace("\\", "\\\\"))
                        .append('\n'));
        Files.writeString(file, text);
        return file;
    }
}
