package dev.kes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.registry.SchemaRegistryConfig;
import dev.kes.registry.SchemaRegistryServer;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.registry.HttpSchemaRegistry;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.sql.db.Database;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * An events topic that switched to the schema-registry framing mid-life (the first half single-object, the rest in
 * the registry framing of a real Confluent-compatible registry; some deposits by an old v1 writer in both framings),
 * folded into PostgreSQL with KES_SCHEMA_REGISTRY_URL set: the tables equal the fold of all the events.
 */
@WithKafka
class MixedFramingTest {

    @Test
    void aTopicHoldingBothFramingsFoldsIntoTheTablesCompletely(final KafkaTestCluster kafka) throws Exception {
        final String topic = TestNames.unique("sql-mixed.account-events");
        kafka.createTopic(topic, 3, Map.of());
        final History history = new History(20_260_314L, "mf", 150, 25);
        final List<SpecificRecord> events = history.inOrder;
        final int half = events.size() / 2;
        final Database database = TestPostgres.newDatabase();

        try (SchemaRegistryServer registry =
                SchemaRegistryServer.start(SchemaRegistryConfig.of(kafka.bootstrapServers())
                        .withTopic(TestNames.unique("_schemas"))
                        .withPort(0))) {
            // the old v1 writer registered its schema before this build's writers registered theirs
            final int v1Id = new HttpSchemaRegistry(registry.url(), null, HttpSchemaRegistry.DEFAULT_TIMEOUT)
                    .register(MoneyDeposited.getClassSchema().getFullName(), V1Deposits.SCHEMA);
            final AvroCodec framed = Codecs.fromConfig(Map.of(Codecs.URL, registry.url()));
            final Function<SpecificRecord, byte[]> before = event -> oldWriter(event)
                    ? V1Deposits.singleObject((MoneyDeposited) event)
                    : AvroCodec.shipped().encode(event);
            final Function<SpecificRecord, byte[]> after = event ->
                    oldWriter(event) ? V1Deposits.registryFramed(v1Id, (MoneyDeposited) event) : framed.encode(event);
            try (EventWriter single = new EventWriter(kafka.clientProperties(), topic, before);
                    EventWriter registryFramed = new EventWriter(kafka.clientProperties(), topic, after)) {
                single.write(events.subList(0, half));
                registryFramed.write(events.subList(half, events.size()));
            }

            try (SqlProjection projection = SqlProjection.start(config(kafka, database, topic, registry.url()))) {
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> Tables.ledgerRowCount(database) == events.size());
                assertThat(projection.failure()).isEmpty();
                assertThat(projection.counts().applied()).isEqualTo(events.size());
                assertThat(projection.counts().gaps()).isZero();
                assertThat(projection.counts().unknownTypes()).isZero();
            }
        }

        assertThat(events.stream().filter(MixedFramingTest::oldWriter).count())
                .as("the history has v1 deposits in both halves")
                .isGreaterThan(10);
        assertThat(Tables.read(database)).isEqualTo(history.expected());
    }

    /** Every third deposit by version was written by the old v1 writer. */
    private static boolean oldWriter(final SpecificRecord event) {
        return event instanceof MoneyDeposited deposit && deposit.getVersion() % 3 == 0;
    }

    static SqlProjectionConfig config(
            final KafkaTestCluster kafka, final Database database, final String topic, final String registryUrl) {
        final Map<String, String> env = new HashMap<>();
        env.put(SqlProjectionConfig.JDBC_URL, database.url());
        env.put(SqlProjectionConfig.USER, database.user());
        env.put(SqlProjectionConfig.PASSWORD, database.password());
        env.put(SqlProjectionConfig.BOOTSTRAP, kafka.bootstrapServers());
        env.put(SqlProjectionConfig.TOPIC, topic);
        env.put(SqlProjectionConfig.GROUP_ID, TestNames.unique("sql-mixed"));
        env.put(SqlProjectionConfig.REGISTRY, registryUrl);
        env.put("KAFKA_MAX_POLL_RECORDS", "50");
        return SqlProjectionConfig.from(env);
    }
}
