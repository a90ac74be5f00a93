package dev.kes.projection.http;

import dev.kes.projection.query.AccountQueries;
import dev.kes.projection.query.AccountResponse;
import dev.kes.projection.query.BalanceAtResponse;
import dev.kes.projection.query.EventsResponse;
import dev.kes.projection.query.MonthlyHistory;
import dev.kes.projection.query.NoCopyHere;
import dev.kes.projection.query.Placement;
import dev.kes.projection.query.TransferResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance's view for the routing tests, without Kafka: where the partition is ({@link #place}) and, when this
 * instance holds a copy, one account at {@link #version}. Without a copy every read throws {@link NoCopyHere}, as
 * IQv2's NOT_PRESENT makes the real reads do.
 */
final class FakeQueries implements AccountQueries {
    final AtomicInteger placementCalls = new AtomicInteger();
    /** Store reads, a copy here or not: a request should read once per answer, never to probe. */
    final AtomicInteger reads = new AtomicInteger();

    volatile String self = "unset:0";
    volatile long version = 3;
    /** Whether this instance's copy has the account; a copy that trails the active one may not have it yet. */
    volatile boolean accountHere = true;
    /** Runs at each store read: what happens to the instance meanwhile (a rebalance starting, say). */
    volatile Runnable duringRead = () -> {};

    private volatile String active;
    private volatile List<String> standbys = List.of();
    private volatile boolean copyHere;
    private volatile boolean settled = true;

    /** @param active null when no instance is known to run the active task */
    void place(final String active, final List<String> standbys, final boolean copyHere, final boolean settled) {
        this.active = active;
        this.standbys = List.copyOf(standbys);
        this.copyHere = copyHere;
        this.settled = settled;
    }

    @Override
    public Placement placement(final String accountId) {
        placementCalls.incrementAndGet();
        return new Placement(accountId, 0, self, active, standbys, settled);
    }

    @Override
    public Placement transferPlacement(final String transferId) {
        return placement(transferId);
    }

    @Override
    public Optional<TransferResponse> transfer(final Placement transfer) {
        read();
        return Optional.empty();
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public long appliedVersion(final Placement account) {
        read();
        return version;
    }

    @Override
    public Optional<AccountResponse> account(final Placement account) {
        read();
        return !accountHere
                ? Optional.empty()
                : Optional.of(new AccountResponse(
                        account.accountId(),
                        "Ada",
                        "10.00",
                        version,
                        "OPEN",
                        "2024-01-01T00:00:00Z",
                        "2024-01-02T00:00:00Z",
                        false));
    }

    @Override
    public Optional<BalanceAtResponse> balanceAt(final Placement account, final Instant at) {
        read();
        return Optional.empty();
    }

    @Override
    public MonthlyHistory monthlyHistory(final Placement account, final int year) {
        read();
        return new MonthlyHistory(Optional.empty(), List.of());
    }

    @Override
    public EventsResponse events(final Placement account, final long fromVersion, final int limit) {
        read();
        return new EventsResponse(account.accountId(), List.of(), null);
    }

    private void read() {
        reads.incrementAndGet();
        duringRead.run();
        if (!copyHere) {
            throw new NoCopyHere("no copy here");
        }
    }
}
