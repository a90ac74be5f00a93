package dev.kes.sql.fold;

import dev.kes.client.events.SubscribedEvent;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.PersonalDataErased;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a batch of events into the rows they change, starting from what the tables hold for the batch's accounts
 * (their {@code accounts} row and latest {@code monthly_statements} row). Pure: no database, no Kafka.
 *
 * <p>Matches projection-service's read models (ADR 0003 version guard, {@code MonthlySnapshotsModel}): an event at or
 * below the account's version changes nothing; a version jump is applied and logged; an event of an account never
 * opened is not applied. An event lands in its UTC month, whatever its age (backdated imports are normal), but never
 * before the account's latest month: the command service never writes an event earlier than the previous one, and
 * should one arrive anyway it is counted in the latest month, as projection-service does. A month's opening balance
 * is the closing balance of the account's previous month with events.
 */
public final class BatchFold {
    private static final Logger LOG = LoggerFactory.getLogger(BatchFold.class);

    private final Map<String, AccountRow> accounts;
    private final Map<String, MonthRow> latestMonths;
    private final Map<String, AccountRow> changedAccounts = new LinkedHashMap<>();
    private final Map<MonthKey, MonthRow> changedMonths = new LinkedHashMap<>();
    private final List<LedgerRow> ledger = new ArrayList<>();
    private final FoldCounts counts = new FoldCounts();

    private record MonthKey(String accountId, YearMonth month) {}

    /**
     * @param accounts     the {@code accounts} rows of the batch's accounts that exist
     * @param latestMonths per account of the batch, its latest {@code monthly_statements} row, if any
     */
    public BatchFold(final Map<String, AccountRow> accounts, final Map<String, MonthRow> latestMonths) {
        this.accounts = new LinkedHashMap<>(accounts);
        this.latestMonths = new LinkedHashMap<>(latestMonths);
    }

    /** Folds every event, in order; returns this. */
    public BatchFold applyAll(final List<SubscribedEvent> events) {
        events.forEach(this::apply);
        return this;
    }

    public void apply(final SubscribedEvent event) {
        final String id = event.accountId();
        final EventFacts facts = EventFacts.of(event.event()).orElse(null);
        if (facts == null) {
            counts.unknownTypes++;
            LOG.warn(
                    "partition {} offset {}: no table takes a {} event (account {} v{}); skipped",
                    event.partition(),
                    event.offset(),
                    event.type(),
                    id,
                    event.version());
            return;
        }
        final AccountRow before = accounts.get(id);
        final long seen = before == null ? 0 : before.version();
        if (event.version() <= seen) {
            counts.duplicates++;
            return;
        }
        final boolean opening = event.event() instanceof AccountOpened;
        if (before == null && !opening) {
            counts.notOpened++;
            LOG.warn(
                    "account {}: {} v{} before the account was opened; not applied", id, event.type(), event.version());
            return;
        }
        if (event.version() != seen + 1) {
            counts.gaps++;
            LOG.warn("account {}: version gap, saw {} then {}", id, seen, event.version());
        }
        final BigDecimal balanceBefore = before == null ? Money.ZERO : before.balance();
        final BigDecimal balance = facts.balanceAfter(balanceBefore, opening);
        final AccountRow after = evolve(before, event, balance);
        accounts.put(id, after);
        changedAccounts.put(id, after);
        ledger.add(new LedgerRow(
                id,
                event.version(),
                facts.eventId(),
                event.type(),
                facts.amount(),
                balance,
                facts.description(),
                event.occurredAt(),
                facts.causationId(),
                event.partition(),
                event.offset(),
                facts.transferId(),
                facts.counterparty()));
        month(event, facts, balance);
        counts.applied++;
    }

    private static AccountRow evolve(final AccountRow before, final SubscribedEvent event, final BigDecimal balance) {
        final Instant at = event.occurredAt();
        if (event.event() instanceof AccountOpened opened) {
            return AccountRow.opened(event.accountId(), opened.getHolder(), balance, event.version(), at);
        }
        final AccountRow after = before.after(balance, event.version(), at);
        if (event.event() instanceof PersonalDataErased) {
            // the column keeps only the sealed holder (docs/adr/0016); erased, not even that
            return after.withHolder("");
        }
        return event.event() instanceof AccountClosed ? after.closed() : after;
    }

    private void month(final SubscribedEvent event, final EventFacts facts, final BigDecimal balance) {
        final String id = event.accountId();
        final MonthRow latest = latestMonths.get(id);
        final YearMonth month = monthOf(event, latest);
        final MonthRow current =
                latest != null && latest.month().equals(month) ? latest : MonthRow.empty(id, month, closing(latest));
        final MonthRow updated = new MonthRow(
                id,
                month,
                current.opening(),
                current.deposits().add(facts.deposit()),
                current.withdrawals().add(facts.withdrawal()),
                current.interest().add(facts.interest()),
                current.transfersIn().add(facts.transferIn()),
                current.transfersOut().add(facts.transferOut()),
                balance,
                current.eventCount() + 1,
                event.version());
        latestMonths.put(id, updated);
        changedMonths.put(new MonthKey(id, month), updated);
    }

    private static BigDecimal closing(final MonthRow latest) {
        return latest == null ? Money.ZERO : latest.closing();
    }

    /** The event's UTC month, but never before the account's latest month. */
    private YearMonth monthOf(final SubscribedEvent event, final MonthRow latest) {
        final YearMonth month = YearMonth.from(event.occurredAt().atOffset(ZoneOffset.UTC));
        if (latest == null || !month.isBefore(latest.month())) {
            return month;
        }
        counts.timeRegressions++;
        LOG.warn(
                "account {}: v{} occurred in {}, before v{} in {}; counted in the latter",
                event.accountId(),
                event.version(),
                month,
                latest.lastVersion(),
                latest.month());
        return latest.month();
    }

    /** The ledger rows to insert, in batch order. */
    public List<LedgerRow> ledger() {
        return List.copyOf(ledger);
    }

    /** The accounts rows to write (insert or replace), each once, as after the batch. */
    public Collection<AccountRow> accounts() {
        return List.copyOf(changedAccounts.values());
    }

    /** The monthly_statements rows to write (insert or replace), each once, as after the batch. */
    public Collection<MonthRow> months() {
        return List.copyOf(changedMonths.values());
    }

    /** The account's latest month after the batch (null if it has none). */
    public MonthRow latestMonth(final String accountId) {
        return latestMonths.get(accountId);
    }

    public FoldCounts counts() {
        return counts;
    }
}
