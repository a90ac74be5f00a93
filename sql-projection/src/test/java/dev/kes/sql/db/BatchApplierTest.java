package dev.kes.sql.db;

import static dev.kes.sql.Events.at;
import static dev.kes.sql.Events.closed;
import static dev.kes.sql.Events.credited;
import static dev.kes.sql.Events.debited;
import static dev.kes.sql.Events.deposited;
import static dev.kes.sql.Events.interest;
import static dev.kes.sql.Events.opened;
import static dev.kes.sql.Events.refunded;
import static dev.kes.sql.Events.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.client.events.SubscribedEvent;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.sql.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database side of exactly once, on a real PostgreSQL: batches in, rows and offsets out, replays refused. */
class BatchApplierTest {
    private static final String TOPIC = "account-events";
    private static final Instant T = Instant.parse("2025-11-30T23:00:00Z");

    private Database database;
    private BatchApplier applier;

    @BeforeEach
    void migrate() {
        database = TestPostgres.newDatabase();
        Migrations.migrate(database);
        applier = new BatchApplier(database, TOPIC);
    }

    @AfterEach
    void close() {
        applier.close();
    }

    private static List<SubscribedEvent> firstBatch() {
        // partition 0 and 1, offsets with the gaps transaction markers leave
        return List.of(
                at(opened("a", T, "100"), 0, 0),
                at(opened("b", T, "5"), 1, 0),
                at(deposited("a", 2, T.plusSeconds(60), "20.25"), 0, 2),
                at(withdrawn("b", 2, T.plusSeconds(3600), "5"), 1, 2),
                at(closed("b", 3, T.plusSeconds(3601)), 1, 3));
    }

    private static List<SubscribedEvent> secondBatch() {
        return List.of(
                at(interest("a", 3, T.plusSeconds(7200), "0.75"), 0, 4),
                at(withdrawn("a", 4, T.plusSeconds(7300), "1"), 0, 5));
    }

    private static List<SpecificRecord> eventsOf(final List<SubscribedEvent> batch) {
        return batch.stream().map(SubscribedEvent::event).toList();
    }

    @Test
    void aNewPartitionStartsAtZeroAndABatchWritesRowsAndOffsetsTogether() throws Exception {
        assertThat(applier.nextOffsets(Set.of(0, 1, 2))).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L));

        applier.handle(firstBatch());
        applier.handle(secondBatch());

        assertThat(query("SELECT id || ' ' || status || ' ' || balance || ' v' || version FROM accounts ORDER BY id"))
                .containsExactly("a OPEN 120.00 v4", "b CLOSED 0.00 v3");
        assertThat(query("SELECT account_id || ' v' || version || ' ' || type || ' ' || coalesce(amount::text, '-') "
                        + "|| ' -> ' || balance_after || ' @' || partition || ':' || \"offset\" FROM ledger "
                        + "ORDER BY account_id, version"))
                .containsExactly(
                        "a v1 AccountOpened 100.00 -> 100.00 @0:0",
                        "a v2 MoneyDeposited 20.25 -> 120.25 @0:2",
                        "a v3 InterestAdded 0.75 -> 121.00 @0:4",
                        "a v4 MoneyWithdrawn 1.00 -> 120.00 @0:5",
                        "b v1 AccountOpened 5.00 -> 5.00 @1:0",
                        "b v2 MoneyWithdrawn 5.00 -> 0.00 @1:2",
                        "b v3 AccountClosed - -> 0.00 @1:3");
        // a opened at 23:00 UTC on 30 November and deposited a minute later; December opens with November's closing
        assertThat(query("SELECT account_id || ' ' || to_char(month, 'YYYY-MM') || ' ' || opening || ' +' || deposits "
                        + "|| ' -' || withdrawals || ' +' || interest || ' = ' || closing || ' n' || event_count "
                        + "FROM monthly_statements ORDER BY account_id, month"))
                .containsExactly(
                        "a 2025-11 0.00 +120.25 -0.00 +0.00 = 120.25 n2",
                        "a 2025-12 120.25 +0.00 -1.00 +0.75 = 120.00 n2",
                        "b 2025-11 0.00 +5.00 -0.00 +0.00 = 5.00 n1",
                        "b 2025-12 5.00 +0.00 -5.00 +0.00 = 0.00 n2");
        assertThat(query("SELECT partition || ':' || next_offset FROM kafka_offsets ORDER BY partition"))
                .containsExactly("0:6", "1:4", "2:0");
        assertThat(new BatchApplier(database, TOPIC).nextOffsets(Set.of(0, 1))).isEqualTo(Map.of(0, 6L, 1, 4L));
    }

    @Test
    void theSameBatchAppliedAgainIsRefusedAndChangesNothing() throws Exception {
        applier.nextOffsets(Set.of(0, 1));
        applier.handle(firstBatch());
        final List<String> before = everything();

        // this writer has moved past it
        assertThatThrownBy(() -> applier.handle(firstBatch()))
                .isInstanceOf(OffsetConflictException.class)
                .hasMessageContaining("before 3");
        // a second writer that read the offsets before the first batch committed: the database refuses
        final BatchApplier stale = new BatchApplier(database, TOPIC);
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE kafka_offsets SET next_offset = 0");
            connection.commit();
            stale.nextOffsets(Set.of(0, 1));
            statement.execute("UPDATE kafka_offsets SET next_offset = CASE partition WHEN 0 THEN 3 ELSE 4 END");
            connection.commit();
        }
        assertThatThrownBy(() -> stale.handle(firstBatch()))
                .isInstanceOf(OffsetConflictException.class)
                .hasMessageContaining("the database's next offset is 3");
        stale.close();

        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void twoWritersReadingTheSameOffsetsApplyABatchOnce() throws Exception {
        final BatchApplier other = new BatchApplier(database, TOPIC);
        applier.nextOffsets(Set.of(0, 1));
        other.nextOffsets(Set.of(0, 1));

        applier.handle(firstBatch());
        assertThatThrownBy(() -> other.handle(firstBatch())).isInstanceOf(OffsetConflictException.class);
        // and on from the database's offsets, the other writer continues where the first stopped
        assertThat(other.nextOffsets(Set.of(0, 1))).isEqualTo(Map.of(0, 3L, 1, 4L));
        other.handle(secondBatch());
        other.close();

        assertThat(query("SELECT count(*) FROM ledger")).containsExactly("7");
        assertThat(query("SELECT balance::text FROM accounts WHERE id = 'a'")).containsExactly("120.00");
    }

    @Test
    void aWriterThatTakesAPartitionBackContinuesFromWhatTheOtherWroteNotFromWhatItRemembers() throws Exception {
        applier.nextOffsets(Set.of(0, 1));
        applier.handle(firstBatch());
        final BatchApplier other = new BatchApplier(database, TOPIC);
        other.nextOffsets(Set.of(0));
        other.handle(List.of(at(interest("a", 3, T.plusSeconds(7200), "0.75"), 0, 4)));
        other.close();
        final List<SubscribedEvent> third = List.of(at(withdrawn("a", 4, T.plusSeconds(7300), "1"), 0, 5));

        assertThatThrownBy(() -> applier.handle(third)).isInstanceOf(OffsetConflictException.class);
        assertThat(applier.nextOffsets(Set.of(0))).isEqualTo(Map.of(0, 5L));
        applier.handle(third);

        assertThat(query("SELECT balance || ' v' || version FROM accounts WHERE id = 'a'"))
                .containsExactly("120.00 v4");
        assertThat(query("SELECT to_char(month, 'YYYY-MM') || ' ' || closing || ' n' || event_count "
                        + "FROM monthly_statements WHERE account_id = 'a' ORDER BY month"))
                .containsExactly("2025-11 120.25 n2", "2025-12 120.00 n2");
    }

    @Test
    void aBatchThatFailsHalfWayLeavesNoRowAndNoOffset() throws Exception {
        applier.nextOffsets(Set.of(0, 1));
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            // the ledger insert of this batch will fail on a row that should not be there
            statement.execute("INSERT INTO ledger (account_id, version, event_id, type, balance_after, occurred_at, "
                    + "partition, \"offset\") VALUES ('b', 3, 'x', 'AccountClosed', 0, now(), 1, 99)");
            connection.commit();
        }

        assertThatThrownBy(() -> applier.handle(firstBatch())).isInstanceOf(SQLException.class);

        assertThat(query("SELECT count(*) FROM accounts")).containsExactly("0");
        assertThat(query("SELECT count(*) FROM ledger")).containsExactly("1");
        assertThat(query("SELECT count(*) FROM monthly_statements")).containsExactly("0");
        assertThat(query("SELECT partition || ':' || next_offset FROM kafka_offsets ORDER BY partition"))
                .containsExactly("0:0", "1:0");
    }

    @Test
    void aDescriptionWithTabsNewlinesAndBackslashesIsStoredAsWritten() throws Exception {
        final String description = "rent\tMarch\\April\nline two\r\\N";
        final MoneyDeposited deposit = deposited("a", 2, T, "1");
        deposit.setDescription(description);
        applier.nextOffsets(Set.of(0));

        applier.handle(List.of(at(opened("a", T, "0"), 0, 0), at(deposit, 0, 1)));

        assertThat(query("SELECT description FROM ledger WHERE version = 2")).containsExactly(description);
        assertThat(query("SELECT coalesce(description, 'null') FROM ledger WHERE version = 1"))
                .containsExactly("null");
    }

    @Test
    void transfersMoveBalancesAndShowInTheLedgerAndTheMonthlyStatements() throws Exception {
        applier.nextOffsets(Set.of(0, 1));
        applier.handle(List.of(
                at(opened("a", T, "100"), 0, 0),
                at(opened("b", T, "5"), 1, 0),
                at(debited("a", 2, T.plusSeconds(7200), "t1", "b", "30"), 0, 1),
                at(credited("b", 2, T.plusSeconds(7201), "t1", "a", "30"), 1, 1),
                at(debited("a", 3, T.plusSeconds(7300), "t2", "gone", "20"), 0, 2),
                at(refunded("a", 4, T.plusSeconds(7301), "t2", "gone", "20", "no account gone"), 0, 3)));

        assertThat(query("SELECT id || ' ' || balance || ' v' || version FROM accounts ORDER BY id"))
                .containsExactly("a 70.00 v4", "b 35.00 v2");
        assertThat(query("SELECT account_id || ' v' || version || ' ' || type || ' ' || amount || ' -> ' "
                        + "|| balance_after || ' ' || transfer_id || ' with ' || counterparty || ': ' || description "
                        + "FROM ledger WHERE transfer_id IS NOT NULL ORDER BY account_id, version"))
                .containsExactly(
                        "a v2 TransferDebited 30.00 -> 70.00 t1 with b: rent",
                        "a v3 TransferDebited 20.00 -> 50.00 t2 with gone: rent",
                        "a v4 TransferRefunded 20.00 -> 70.00 t2 with gone: no account gone",
                        "b v2 TransferCredited 30.00 -> 35.00 t1 with a: rent");
        // November: the openings; December: the transfers (T is 23:00 on 30 November)
        assertThat(
                        query(
                                "SELECT account_id || ' ' || to_char(month, 'YYYY-MM') || ' in ' || transfers_in || ' out '"
                                        + " || transfers_out || ' closing ' || closing FROM monthly_statements ORDER BY account_id, month"))
                .containsExactly(
                        "a 2025-11 in 0.00 out 0.00 closing 100.00",
                        "a 2025-12 in 20.00 out 50.00 closing 70.00",
                        "b 2025-11 in 0.00 out 0.00 closing 5.00",
                        "b 2025-12 in 30.00 out 0.00 closing 35.00");
        // a later batch continues the month from what the table holds
        applier.handle(List.of(at(debited("b", 3, T.plusSeconds(7400), "t3", "a", "5"), 1, 2)));
        assertThat(query("SELECT transfers_in || ' ' || transfers_out || ' ' || closing FROM monthly_statements "
                        + "WHERE account_id = 'b' AND month = '2025-12-01'"))
                .containsExactly("30.00 5.00 30.00");
    }

    @Test
    void aBatchOfPartitionsItWasNotAssignedIsRefused() {
        assertThatThrownBy(() -> applier.handle(firstBatch()))
                .isInstanceOf(OffsetConflictException.class)
                .hasMessageContaining("no offset was read");
    }

    private List<String> everything() throws SQLException {
        final List<String> all = new ArrayList<>();
        all.addAll(query("SELECT a::text FROM accounts a ORDER BY id"));
        all.addAll(query("SELECT l::text FROM ledger l ORDER BY account_id, version"));
        all.addAll(query("SELECT m::text FROM monthly_statements m ORDER BY account_id, month"));
        all.addAll(query("SELECT o::text FROM kafka_offsets o ORDER BY partition"));
        return all;
    }

    private List<String> query(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                rows.add(row.getString(1));
            }
            connection.rollback();
        }
        return rows;
    }
}
