package dev.kes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.ChildJvm;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.sql.db.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 mid-stream: the projection's main in a JVM of its own, against the test cluster and a real PostgreSQL,
 * killed twice while events are written and applied, then restarted: the tables equal the fold of the events (no
 * duplicate ledger row, no gap, monthly statements exact).
 */
@WithKafka
class KillMidStreamTest {
    private Process child;

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void killedTwiceMidStreamTheTablesEqualTheFoldOfTheEvents(final KafkaTestCluster kafka, @TempDir final Path dir)
            throws Exception {
        final String topic = TestNames.unique("sql-kill.account-events");
        kafka.createTopic(topic, 3, Map.of());
        final History history = new History(20_261_206L, "k", 300, 30);
        final int total = history.size();
        final Database database = TestPostgres.newDatabase();
        final Map<String, String> settings = Map.of(
                "sql.jdbc.url", database.url(),
                "sql.user", database.user(),
                "sql.password", database.password(),
                "bootstrap.servers", kafka.bootstrapServers(),
                "topic.events", topic,
                "sql.group.id", TestNames.unique("sql-kill"),
                // small batches: many transactions, so that a kill lands between and inside them
                "kafka.max.poll.records", "25",
                // a killed member leaves no LeaveGroup: its partitions move on after the session timeout
                "kafka.session.timeout.ms", "6000",
                "kafka.heartbeat.interval.ms", "1000");
        final Path log = dir.resolve("sql-projection.log");

        final List<SpecificRecord> events = history.inOrder;
        final int backlog = total * 6 / 10;
        try (EventWriter writer = new EventWriter(kafka.clientProperties(), topic)) {
            writeInTransactions(writer, events.subList(0, backlog));
            final CompletableFuture<Void> rest =
                    CompletableFuture.runAsync(() -> writeInTransactions(writer, events.subList(backlog, total)));

            child = ChildJvm.start(SqlProjectionMain.class, settings, log);
            killOnceApplied(database, total / 4, total);
            child = ChildJvm.start(SqlProjectionMain.class, settings, log);
            killOnceApplied(database, total * 4 / 10, total);
            child = ChildJvm.start(SqlProjectionMain.class, settings, log);

            rest.get();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Tables.ledgerRowCount(database) == total);
        }

        assertThat(Tables.read(database)).isEqualTo(history.expected());
        assertThat(child.isAlive()).as("the restarted projection still runs").isTrue();
    }

    /** Waits until at least {@code atLeast} events are applied, then kills the child without a chance to clean up. */
    private void killOnceApplied(final Database database, final long atLeast, final long total) throws Exception {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Tables.ledgerRowCount(database) >= atLeast);
        child.destroyForcibly().waitFor();
        assertThat(Tables.ledgerRowCount(database))
                .as("killed mid-stream, not after the last event")
                .isLessThan(total);
    }

    private static void writeInTransactions(final EventWriter writer, final List<SpecificRecord> events) {
        final Random random = new Random(events.size());
        for (int from = 0; from < events.size(); ) {
            final int to = Math.min(events.size(), from + 1 + random.nextInt(30));
            writer.write(events.subList(from, to));
            from = to;
        }
    }
}
