package dev.kes.admin.snapshots;

import dev.kes.domain.Account;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.mapping.SnapshotMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.avro.Schema;

/** Compares the folded accounts with the stored snapshots. */
public final class SnapshotComparison {
    private SnapshotComparison() {}

    /** @return the mismatches, by account id; a snapshot of an account not in {@code accounts} is EXTRA */
    public static List<Mismatch> compare(
            final Map<String, Account> accounts, final Map<String, StoredSnapshot> snapshots) {
        return compare(accounts, snapshots, accounts::containsKey);
    }

    /**
     * @param hasEvents whether an account has events at all: one that has but is not in {@code accounts} (never
     *                  opened) is UNOPENED, not EXTRA
     * @return the mismatches, by account id
     */
    public static List<Mismatch> compare(
            final Map<String, Account> accounts,
            final Map<String, StoredSnapshot> snapshots,
            final Predicate<String> hasEvents) {
        final TreeSet<String> ids = new TreeSet<>(accounts.keySet());
        ids.addAll(snapshots.keySet());
        final List<Mismatch> mismatches = new ArrayList<>();
        for (final String id : ids) {
            final Account account = accounts.get(id);
            final StoredSnapshot stored = snapshots.get(id);
            if (stored == null) {
                mismatches.add(new Mismatch(
                        Mismatch.Kind.MISSING, id, "no snapshot; the events say version " + account.version()));
            } else if (account == null && hasEvents.test(id)) {
                mismatches.add(new Mismatch(
                        Mismatch.Kind.UNOPENED,
                        id,
                        "a snapshot, but no event opens the account "
                                + "(see the anomalies); a rebuild leaves it as it is"));
            } else if (account == null) {
                mismatches.add(new Mismatch(
                        Mismatch.Kind.EXTRA,
                        id,
                        stored.isReadable()
                                ? "a snapshot at version " + stored.snapshot().getVersion()
                                        + ", but the account has no events"
                                : "an unreadable snapshot, and the account has no events"));
            } else if (!stored.isReadable()) {
                mismatches.add(new Mismatch(Mismatch.Kind.UNREADABLE, id, stored.unreadable()));
            } else {
                final List<String> differences = differences(SnapshotMapping.toAvro(account), stored.snapshot());
                if (!differences.isEmpty()) {
                    mismatches.add(new Mismatch(Mismatch.Kind.DIFFERENT, id, String.join("; ", differences)));
                }
            }
        }
        return mismatches;
    }

    /**
     * Field by field over the snapshot's schema, so that a field added to the snapshot is compared without a change
     * here. Each difference reads "field: snapshot X, events Y".
     */
    public static List<String> differences(final AccountSnapshot expected, final AccountSnapshot stored) {
        final List<String> differences = new ArrayList<>();
        for (final Schema.Field field : AccountSnapshot.getClassSchema().getFields()) {
            final Object want = expected.get(field.pos());
            final Object have = stored.get(field.pos());
            if (!same(want, have)) {
                differences.add(field.name() + ": snapshot " + show(have) + ", events " + show(want));
            }
        }
        return differences;
    }

    private static boolean same(final Object a, final Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0; // 5.5 and 5.50 are the same amount
        }
        if (a instanceof CharSequence x && b instanceof CharSequence y) {
            return x.toString().equals(y.toString());
        }
        return Objects.equals(a, b);
    }

    private static String show(final Object value) {
        return value instanceof BigDecimal amount ? amount.toPlainString() : String.valueOf(value);
    }
}
