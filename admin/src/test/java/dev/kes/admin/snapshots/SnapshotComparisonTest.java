package dev.kes.admin.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kes.admin.events.StoredEvent;
import dev.kes.domain.Account;
import dev.kes.domain.AccountEvent;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.mapping.EventMapping;
import dev.kes.service.mapping.SnapshotMapping;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fold and the comparison without Kafka: the anomalies the fold notes and how differences read. */
class SnapshotComparisonTest {
    private static final Instant T = Instant.parse("2026-02-01T10:00:00Z");

    private static StoredEvent stored(final AccountEvent event, final long offset) {
        return new StoredEvent(
                0,
                offset,
                event.occurredAt(),
                event.accountId(),
                event,
                EventMapping.toAvro(event, "e" + offset, Metadata.newBuilder().build()));
    }

    private static BigDecimal money(final String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void theFoldAppliesEventsWithTheDomainsEvolveAndNotesWhatMustNeverBeThere() {
        final AccountFold fold = new AccountFold();
        fold.accept(stored(new AccountEvent.AccountOpened("a", 1, T, "Ada", money("10.00")), 0));
        fold.accept(stored(new AccountEvent.MoneyDeposited("a", 2, T, money("5.00"), null), 1));
        fold.accept(stored(new AccountEvent.MoneyDeposited("a", 2, T, money("5.00"), null), 2)); // repeated
        fold.accept(stored(new AccountEvent.MoneyWithdrawn("a", 4, T, money("1.00")), 3)); // skips v3
        fold.accept(stored(new AccountEvent.MoneyDeposited("b", 1, T, money("1.00"), null), 4)); // never opened

        assertThat(fold.accounts()).containsOnlyKeys("a");
        assertThat(fold.hasEvents("a")).isTrue();
        assertThat(fold.hasEvents("b")).as("never opened, but it has events").isTrue();
        assertThat(fold.hasEvents("c")).isFalse();
        assertThat(fold.accounts().get("a").balance()).isEqualByComparingTo("14.00");
        assertThat(fold.accounts().get("a").version()).isEqualTo(4);
        assertThat(fold.anomalies())
                .containsExactly(
                        "a: version 2 (partition 0, offset 2) repeats a version already applied (at 2); not applied again",
                        "a: version 4 (partition 0, offset 3) follows version 2",
                        "b: MoneyDeposited version 1 (partition 0, offset 4) before the account was opened; not applied");
    }

    @Test
    void theFoldMovesMoneyForTransfersAsTheDomainDoes() {
        final AccountFold fold = new AccountFold();
        fold.accept(stored(new AccountEvent.AccountOpened("a", 1, T, "Ada", money("10.00")), 0));
        fold.accept(stored(new AccountEvent.AccountOpened("b", 1, T, "Bob", money("1.00")), 1));
        fold.accept(
                stored(new AccountEvent.TransferDebited("a", 2, T, "t1", "b", money("4.00"), null, money("6.00")), 2));
        fold.accept(
                stored(new AccountEvent.TransferCredited("b", 2, T, "t1", "a", money("4.00"), null, money("5.00")), 3));
        fold.accept(stored(
                new AccountEvent.TransferDebited("a", 3, T, "t2", "gone", money("2.00"), null, money("4.00")), 4));
        fold.accept(stored(
                new AccountEvent.TransferRefunded("a", 4, T, "t2", "gone", money("2.00"), "no account", money("6.00")),
                5));

        assertThat(fold.anomalies()).isEmpty();
        assertThat(fold.accounts().get("a").balance()).isEqualByComparingTo("6.00");
        assertThat(fold.accounts().get("a").version()).isEqualTo(4);
        assertThat(fold.accounts().get("b").balance()).isEqualByComparingTo("5.00");
    }

    @Test
    void differencesNameEachFieldWithBothValues() {
        final Account account = new Account("a", "Ada", money("14.00"), 4, dev.kes.domain.AccountStatus.OPEN, T, T);
        final AccountSnapshot stored = new AccountSnapshot(
                "a",
                "Ada",
                money("13.00"),
                3L,
                dev.kes.schemas.common.AccountStatus.OPEN,
                T,
                T.minusSeconds(60),
                false);
        final AccountSnapshot sameAmountOtherScale = new AccountSnapshot(
                "a", "Ada", money("14.0"), 4L, dev.kes.schemas.common.AccountStatus.OPEN, T, T, false);

        assertThat(SnapshotComparison.differences(SnapshotMapping.toAvro(account), stored))
                .containsExactly(
                        "balance: snapshot 13.00, events 14.00",
                        "version: snapshot 3, events 4",
                        "updatedAt: snapshot 2026-02-01T09:59:00Z, events 2026-02-01T10:00:00Z");
        assertThat(SnapshotComparison.differences(SnapshotMapping.toAvro(account), sameAmountOtherScale))
                .isEmpty();
        assertThat(SnapshotComparison.compare(
                        Map.of("a", account),
                        Map.of("a", new StoredSnapshot("a", 0, 7, null, "MalformedRecordException: truncated"))))
                .containsExactly(new Mismatch(Mismatch.Kind.UNREADABLE, "a", "MalformedRecordException: truncated"));
    }

    @Test
    void aSnapshotOfAnAccountWithEventsThatNeverOpenItIsNotExtra() {
        final AccountSnapshot snapshot = new AccountSnapshot(
                "b", "Bo", money("1.00"), 2L, dev.kes.schemas.common.AccountStatus.OPEN, T, T, false);
        final Map<String, StoredSnapshot> snapshots = Map.of(
                "b", new StoredSnapshot("b", 0, 1, snapshot, null),
                "ghost", new StoredSnapshot("ghost", 0, 2, snapshot, null));

        assertThat(SnapshotComparison.compare(Map.of(), snapshots, "b"::equals))
                .extracting(Mismatch::kind, Mismatch::accountId)
                .containsExactly(tuple(Mismatch.Kind.UNOPENED, "b"), tuple(Mismatch.Kind.EXTRA, "ghost"));
    }
}
