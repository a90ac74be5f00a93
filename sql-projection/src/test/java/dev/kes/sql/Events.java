package dev.kes.sql;

import dev.kes.client.events.Position;
import dev.kes.client.events.SubscribedEvent;
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
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Avro events as the command service writes them, and as a subscription delivers them. */
public final class Events {
    private Events() {}

    public static BigDecimal money(final String amount) {
        return new BigDecimal(amount).setScale(2);
    }

    private static Metadata meta(final String id, final long version) {
        return Metadata.newBuilder().setCausationId("cmd-" + id + "-" + version).build();
    }

    private static String eventId(final String id, final long version) {
        return "evt-" + id + "-" + version;
    }

    public static AccountOpened opened(final String id, final Instant at, final String deposit) {
        return new AccountOpened(eventId(id, 1), id, 1L, at, meta(id, 1), "Holder of " + id, money(deposit));
    }

    public static MoneyDeposited deposited(final String id, final long version, final Instant at, final String amount) {
        return new MoneyDeposited(eventId(id, version), id, version, at, meta(id, version), money(amount), "in", null);
    }

    public static MoneyWithdrawn withdrawn(final String id, final long version, final Instant at, final String amount) {
        return new MoneyWithdrawn(eventId(id, version), id, version, at, meta(id, version), money(amount), "out", null);
    }

    public static InterestAdded interest(final String id, final long version, final Instant at, final String amount) {
        return new InterestAdded(eventId(id, version), id, version, at, meta(id, version), money(amount));
    }

    public static AccountClosed closed(final String id, final long version, final Instant at) {
        return new AccountClosed(eventId(id, version), id, version, at, meta(id, version));
    }

    /** Transfer events with the balance after them left at 0: the read model computes its own. */
    public static TransferDebited debited(
            final String id,
            final long version,
            final Instant at,
            final String transferId,
            final String to,
            final String amount) {
        return new TransferDebited(
                eventId(id, version),
                id,
                version,
                at,
                meta(id, version),
                transferId,
                to,
                money(amount),
                "rent",
                money("0"));
    }

    public static TransferCredited credited(
            final String id,
            final long version,
            final Instant at,
            final String transferId,
            final String from,
            final String amount) {
        return new TransferCredited(
                eventId(id, version),
                id,
                version,
                at,
                meta(id, version),
                transferId,
                from,
                money(amount),
                "rent",
                money("0"));
    }

    public static TransferRefunded refunded(
            final String id,
            final long version,
            final Instant at,
            final String transferId,
            final String to,
            final String amount,
            final String reason) {
        return new TransferRefunded(
                eventId(id, version),
                id,
                version,
                at,
                meta(id, version),
                transferId,
                to,
                money(amount),
                reason,
                money("0"));
    }

    /** The event as a subscription delivers it from {@code partition} at {@code offset}. */
    public static SubscribedEvent at(final SpecificRecord event, final int partition, final long offset) {
        return new SubscribedEvent(
                event,
                event.getSchema().getName(),
                (String) field(event, "accountId"),
                (Long) field(event, "version"),
                (Instant) field(event, "occurredAt"),
                partition,
                offset,
                Position.of(Map.of(partition, offset + 1)));
    }

    static Object field(final SpecificRecord event, final String name) {
        return event.get(event.getSchema().getField(name).pos());
    }
}
