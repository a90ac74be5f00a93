package dev.kes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.registry.SchemaRegistryConfig;
import dev.kes.registry.SchemaRegistryServer;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.sql.db.Database;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The schema registry going away while the read model runs is an outage, not a broken record: the projection retries
 * (logging the registry's URL) instead of stopping for good as it does for a record it cannot decode, and once the
 * registry is back the tables equal the fold of every event.
 */
@WithKafka
class RegistryOutageTest {

    @Test
    void aRegistryOutageMidStreamIsRetriedAndTheTablesCatchUpWhenItIsBack(final KafkaTestCluster kafka)
            throws Exception {
        final String topic = TestNames.unique("sql-outage.account-events");
        kafka.createTopic(topic, 3, Map.of());
        final History history = new History(20_260_315L, "ro", 60, 15);
        final List<SpecificRecord> events = history.inOrder;
        final int half = events.size() / 2;
        final Database database = TestPostgres.newDatabase();
        final SchemaRegistryConfig registryConfig = SchemaRegistryConfig.of(kafka.bootstrapServers())
                .withTopic(TestNames.unique("_schemas"))
                .withPort(0);
        SchemaRegistryServer registry = SchemaRegistryServer.start(registryConfig);
        final String url = registry.url();
        final int port = registry.port();
        final ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        final Logger projectionLog = (Logger) LoggerFactory.getLogger(SqlProjection.class);
        projectionLog.addAppender(log);
        try {
            final AvroCodec framed = Codecs.fromConfig(Map.of(Codecs.URL, url));
            try (EventWriter single = new EventWriter(kafka.clientProperties(), topic);
                    EventWriter registryFramed = new EventWriter(kafka.clientProperties(), topic, framed::encode);
                    SqlProjection projection =
                            SqlProjection.start(MixedFramingTest.config(kafka, database, topic, url))) {
                single.write(events.subList(0, half));
                await().atMost(Duration.ofSeconds(60)).until(() -> Tables.ledgerRowCount(database) == half);

                // the projection has not looked any schema id up yet: the first registry-framed record needs it
                registry.close();
                registryFramed.write(events.subList(half, events.size()));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> projection.failure().isPresent()
                                || log.list.stream()
                                        .anyMatch(e -> e.getLevel() == Level.WARN
                                                && e.getFormattedMessage().contains(url)));
                assertThat(projection.failure())
                        .as("an unreachable registry does not stop the read model")
                        .isEmpty();

                registry = SchemaRegistryServer.start(registryConfig.withPort(port));
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> Tables.ledgerRowCount(database) == events.size());
                assertThat(projection.failure()).isEmpty();
            }
        } finally {
            projectionLog.detachAppender(log);
            registry.close();
        }
        assertThat(Tables.read(database)).isEqualTo(history.expected());
    }
}
