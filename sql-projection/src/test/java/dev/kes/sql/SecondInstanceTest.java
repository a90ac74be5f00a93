package dev.kes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.sql.db.Database;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Two instances on the same database never apply an event twice: in one consumer group (they share the partitions,
 * and take them over from each other as they join and leave), and even in two groups (both read every partition;
 * the offsets in the database fence them).
 */
@WithKafka
class SecondInstanceTest {

    @Test
    void twoInstancesOfOneGroupJoiningAndLeavingMidStreamApplyEveryEventOnce(final KafkaTestCluster kafka)
            throws Exception {
        final String group = TestNames.unique("sql-second");
        runTwo(kafka, group, group);
    }

    @Test
    void twoInstancesInDifferentGroupsOnOneDatabaseStillApplyEveryEventOnce(final KafkaTestCluster kafka)
            throws Exception {
        runTwo(kafka, TestNames.unique("sql-second-a"), TestNames.unique("sql-second-b"));
    }

    private static void runTwo(final KafkaTestCluster kafka, final String groupA, final String groupB)
            throws Exception {
        final String topic = TestNames.unique("sql-second.account-events");
        kafka.createTopic(topic, 4, Map.of());
        final History history = new History(groupA.hashCode(), "s", 200, 25);
        final List<SpecificRecord> events = history.inOrder;
        final int third = events.size() / 3;
        final Database database = TestPostgres.newDatabase();

        try (EventWriter writer = new EventWriter(kafka.clientProperties(), topic)) {
            writer.write(events.subList(0, third));
            final SqlProjection first = SqlProjection.start(config(kafka, database, topic, groupA));
            await().atMost(Duration.ofSeconds(60)).until(() -> Tables.ledgerRowCount(database) > 0);

            try (SqlProjection second = SqlProjection.start(config(kafka, database, topic, groupB))) {
                writer.write(events.subList(third, 2 * third));
                await().atMost(Duration.ofSeconds(60)).until(() -> Tables.ledgerRowCount(database) >= third + 1);
                first.close();
                writer.write(events.subList(2 * third, events.size()));
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> Tables.ledgerRowCount(database) == events.size());
                assertThat(first.failure()).isEmpty();
                assertThat(second.failure()).isEmpty();
                assertThat(first.counts().duplicates() + second.counts().duplicates())
                        .as("no instance met an event already applied: the offsets fenced it first")
                        .isZero();
            }
        }

        assertThat(Tables.read(database)).isEqualTo(history.expected());
    }

    private static SqlProjectionConfig config(
            final KafkaTestCluster kafka, final Database database, final String topic, final String group) {
        final Map<String, String> env = new HashMap<>();
        env.put(SqlProjectionConfig.JDBC_URL, database.url());
        env.put(SqlProjectionConfig.USER, database.user());
        env.put(SqlProjectionConfig.PASSWORD, database.password());
        env.put(SqlProjectionConfig.BOOTSTRAP, kafka.bootstrapServers());
        env.put(SqlProjectionConfig.TOPIC, topic);
        env.put(SqlProjectionConfig.GROUP_ID, group);
        env.put("KAFKA_MAX_POLL_RECORDS", "25");
        return SqlProjectionConfig.from(env);
    }
}
