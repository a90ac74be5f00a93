package dev.kes.sql;

import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the tables must hold after the events of some accounts, each account's events in version order without
 * duplicates, computed the plain way (one account at a time, months grouped by their UTC month) and written as
 * {@link Tables} reads the database: independent of the projection's own fold.
 */
final class ReferenceFold {
    private ReferenceFold() {}

    static Tables.Snapshot of(final Collection<List<SpecificRecord>> accounts) {
        final List<String> accountRows = new ArrayList<>();
        final List<String> ledgerRows = new ArrayList<>();
        final List<String> monthRows = new ArrayList<>();
        for (final List<SpecificRecord> events : accounts) {
            String id = null;
            String holder = null;
            String status = null;
            Instant openedAt = null;
            Instant updatedAt = null;
            Instant closedAt = null;
            BigDecimal balance = BigDecimal.ZERO.setScale(2);
            long version = 0;
            final TreeMap<YearMonth, BigDecimal[]> months = new TreeMap<>();
            final TreeMap<YearMonth, long[]> monthCounts = new TreeMap<>();
            for (final SpecificRecord event : events) {
                id = (String) Events.field(event, "accountId");
                version = (Long) Events.field(event, "version");
                final Instant at = (Instant) Events.field(event, "occurredAt");
                final YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
                final BigDecimal opening = months.isEmpty()
                        ? BigDecimal.ZERO.setScale(2)
                        : months.lastEntry().getValue()[4];
                final BigDecimal[] m = months.computeIfAbsent(month, k -> new BigDecimal[] {
                    opening,
                    BigDecimal.ZERO.setScale(2),
                    BigDecimal.ZERO.setScale(2),
                    BigDecimal.ZERO.setScale(2),
                    opening
                });
                BigDecimal amount = null;
                if (event instanceof AccountOpened e) {
                    holder = e.getHolder();
                    status = "OPEN";
                    openedAt = at;
                    amount = e.getInitialDeposit();
                    balance = amount;
                    m[1] = m[1].add(amount);
                } else if (event instanceof MoneyDeposited e) {
                    amount = e.getAmount();
                    balance = balance.add(amount);
                    m[1] = m[1].add(amount);
                } else if (event instanceof MoneyWithdrawn e) {
                    amount = e.getAmount();
                    balance = balance.subtract(amount);
                    m[2] = m[2].add(amount);
                } else if (event instanceof InterestAdded e) {
                    amount = e.getAmount();
                    balance = balance.add(amount);
                    m[3] = m[3].add(amount);
                } else if (event instanceof AccountClosed) {
                    status = "CLOSED";
                    closedAt = at;
                }
                m[4] = balance;
                final long[] count = monthCounts.computeIfAbsent(month, k -> new long[2]);
                count[0]++;
                count[1] = version;
                updatedAt = at;
                ledgerRows.add(Tables.ledgerRow(
                        id,
                        version,
                        (String) Events.field(event, "eventId"),
                        event.getSchema().getName(),
                        amount,
                        balance,
                        at));
            }
            accountRows.add(Tables.accountRow(id, holder, status, balance, version, openedAt, updatedAt, closedAt));
            for (final var entry : months.entrySet()) {
                final BigDecimal[] m = entry.getValue();
                final long[] count = monthCounts.get(entry.getKey());
                monthRows.add(Tables.monthRow(id, entry.getKey(), m[0], m[1], m[2], m[3], m[4], count[0], count[1]));
            }
        }
        return new Tables.Snapshot(accountRows, ledgerRows, monthRows);
    }
}
