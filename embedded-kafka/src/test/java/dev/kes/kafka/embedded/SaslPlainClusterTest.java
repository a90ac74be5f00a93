package dev.kes.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cluster whose client listener wants SASL/PLAIN: known users get in, wrong passwords and plaintext clients do not. */
class SaslPlainClusterTest {
    private static final String PASSWORD = "alice-" + UUID.randomUUID();
    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedKafkaCluster.builder()
                .saslPlain(Map.of("alice", PASSWORD))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Map<String, Object> as(final String user, final String password) {
        final Map<String, Object> props = new HashMap<>(SaslPlain.clientProperties(user, password));
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return props;
    }

    @Test
    void aKnownUserProducesAndConsumes() throws Exception {
        assertThat(cluster.securityProtocol()).isEqualTo("SASL_PLAINTEXT");
        final Map<String, Object> alice = as("alice", PASSWORD);
        try (Admin admin = Admin.create(alice)) {
            admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        final Map<String, Object> producerProps = new HashMap<>(alice);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("secured", "k", "hello")).get(30, TimeUnit.SECONDS);
        }
        final Map<String, Object> consumerProps = new HashMap<>(alice);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-test");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("secured"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return !values.isEmpty();
            });
        }
        assertThat(values).containsExactly("hello");
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (Admin admin = Admin.create(as("alice", "not-" + PASSWORD))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void plainJaasValuesAreQuoted() {
        assertThat(SaslPlain.jaasConfig("bob", "a\"b\\c"))
                .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"bob\" "
                        + "password=\"a\\\"b\\\\c\";");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().saslPlain(Map.of("bad name", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
