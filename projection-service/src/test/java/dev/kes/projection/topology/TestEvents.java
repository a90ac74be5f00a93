package dev.kes.projection.topology;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.InterestAdded;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.event.TransferCredited;
import dev.kes.schemas.event.TransferDebited;
import dev.kes.schemas.event.TransferRefunded;
import java.math.BigDecimal;
import java.time.Instant;

/** Avro events as the command service writes them, for the topology tests. */
public final class TestEvents {
    private TestEvents() {}

    public static Metadata meta() {
        return Metadata.newBuilder().build();
    }

    public static BigDecimal money(final String amount) {
        return new BigDecimal(amount).setScale(2);
    }

    private static String eventId(final String id, final long version) {
        return id + "-" + version;
    }

    public static AccountOpened opened(final String id, final Instant at, final String deposit) {
        return new AccountOpened(eventId(id, 1), id, 1L, at, meta(), "Ada", money(deposit));
    }

    public static MoneyDeposited deposited(final String id, final long version, final Instant at, final String amount) {
        return new MoneyDeposited(eventId(id, version), id, version, at, meta(), money(amount), null, null);
    }

    public static MoneyWithdrawn withdrawn(final String id, final long version, final Instant at, final String amount) {
        return new MoneyWithdrawn(eventId(id, version), id, version, at, meta(), money(amount), null, null);
    }

    public static InterestAdded interest(final String id, final long version, final Instant at, final String amount) {
        return new InterestAdded(eventId(id, version), id, version, at, meta(), money(amount));
    }

    public static AccountClosed closed(final String id, final long version, final Instant at) {
        return new AccountClosed(eventId(id, version), id, version, at, meta());
    }

    /** The debit of transfer {@code transferId} from {@code id} to {@code to}; {@code balanceAfter} as given. */
    public static TransferDebited debited(
            final String id,
            final long version,
            final Instant at,
            final String transferId,
            final String to,
            final String amount,
            final String balanceAfter) {
        return new TransferDebited(
                eventId(id, version),
                id,
                version,
                at,
                meta(),
                transferId,
                to,
                money(amount),
                "rent",
                money(balanceAfter));
    }

    public static TransferCredited credited(
            final String id,
            final long version,
            final Instant at,
            final String transferId,
            final String from,
            final String amount,
            final String balanceAfter) {
        return new TransferCredited(
                eventId(id, version),
                id,
                version,
                at,
                meta(),
                transferId,
                from,
                money(amount),
                "rent",
                money(balanceAfter));
    }

    public static TransferRefunded refunded(
            final String id,
            final long version,
            final Instant at,
            final String transferId,
            final String to,
            final String amount,
            final String reason,
            final String balanceAfter) {
        return new TransferRefunded(
                eventId(id, version),
                id,
                version,
                at,
                meta(),
                transferId,
                to,
                money(amount),
                reason,
                money(balanceAfter));
    }
}
