package dev.kes.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.TopicInspection;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicMisconfiguredException;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * The storage topic is the registry's only state: it is created compacted, a restarted registry serves what the
 * previous one registered (and never gives an id twice), and two registries on one topic agree.
 */
@WithKafka
class SchemaRegistryStorageTest {
    private final KafkaTestCluster kafka;

    SchemaRegistryStorageTest(final KafkaTestCluster kafka) {
        this.kafka = kafka;
    }

    private SchemaRegistryConfig config(final String topic) {
        return SchemaRegistryConfig.of(kafka.bootstrapServers())
                .withTopic(topic)
                .withPort(0);
    }

    @Test
    void theTopicIsCreatedCompactedWithOnePartition() throws Exception {
        final String topic = TestNames.unique("_schemas");
        try (SchemaRegistryServer ignored = SchemaRegistryServer.start(config(topic));
                Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(TopicInspection.describe(admin, topic).partitions()).hasSize(1);
            assertThat(TopicInspection.config(admin, topic, TopicConfig.CLEANUP_POLICY_CONFIG))
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void aTopicThatIsNotCompactedIsRefusedAtStart() {
        final String topic = TestNames.unique("_schemas");
        kafka.createTopic(topic, 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
        assertThatThrownBy(() -> SchemaRegistryServer.start(config(topic)))
                .isInstanceOf(TopicMisconfiguredException.class)
                .hasMessageContaining("cleanup.policy");
    }

    @Test
    void aRestartedRegistryServesTheSameIdsAndGivesTheNextSchemaANewOne() {
        final String topic = TestNames.unique("_schemas");
        final String subject = TestNames.unique("restart");
        final String other = TestNames.unique("restart-other");
        final int first;
        final int second;
        try (SchemaRegistryServer server = SchemaRegistryServer.start(config(topic))) {
            final RegistryHttp http = new RegistryHttp(server.url());
            first = http.register(subject, Schemas.V1);
            second = http.register(subject, Schemas.V2);
            assertThat(http.put("/config/" + subject, "{\"compatibility\":\"FULL\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(http.put("/config", "{\"compatibility\":\"FORWARD\"}").status())
                    .isEqualTo(200);
        }
        try (SchemaRegistryServer server = SchemaRegistryServer.start(config(topic))) {
            final RegistryHttp http = new RegistryHttp(server.url());
            assertThat(http.get("/schemas/ids/" + first).json().get("schema").asText())
                    .contains("Deposited");
            assertThat(http.get("/subjects/" + subject + "/versions/latest")
                            .json()
                            .get("id")
                            .asInt())
                    .isEqualTo(second);
            assertThat(http.register(subject, Schemas.V1)).isEqualTo(first);
            assertThat(http.get("/config/" + subject)
                            .json()
                            .get("compatibilityLevel")
                            .asText())
                    .isEqualTo("FULL");
            assertThat(http.get("/config").json().get("compatibilityLevel").asText())
                    .isEqualTo("FORWARD");

            final int third = http.register(other, Schemas.REQUIRED_FIELD);
            assertThat(third).isNotIn(first, second).isGreaterThan(Math.max(first, second));
        }
    }

    @Test
    void twoRegistriesOnOneTopicAgree() {
        final String topic = TestNames.unique("_schemas");
        final String subject = TestNames.unique("shared");
        try (SchemaRegistryServer a = SchemaRegistryServer.start(config(topic))) {
            final RegistryHttp httpA = new RegistryHttp(a.url());
            final int v1 = httpA.register(subject, Schemas.V1);
            try (SchemaRegistryServer b = SchemaRegistryServer.start(config(topic))) {
                final RegistryHttp httpB = new RegistryHttp(b.url());
                // b read what a wrote before it answered anything
                assertThat(httpB.get("/subjects/" + subject + "/versions")
                                .json()
                                .toString())
                        .isEqualTo("[1]");
                assertThat(httpB.register(subject, Schemas.V1)).isEqualTo(v1);

                // written through b, then read and extended through a: a reads the topic to its end first
                final int v2 = httpB.register(subject, Schemas.V2);
                assertThat(httpA.get("/schemas/ids/" + v2).status()).isEqualTo(200);
                final int other = httpA.register(TestNames.unique("shared-other"), Schemas.REQUIRED_FIELD);
                assertThat(other).isNotIn(v1, v2);
                assertThat(httpA.get("/subjects/" + subject + "/versions/2")
                                .json()
                                .get("id")
                                .asInt())
                        .isEqualTo(v2);
                assertThat(httpB.get("/schemas/ids/" + other).status()).isEqualTo(200);
            }
        }
    }
}
