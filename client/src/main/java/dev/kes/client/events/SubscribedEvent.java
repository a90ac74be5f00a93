package dev.kes.client.events;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event as a subscription delivers it: decoded into its current class with the upcasters applied, with the
 * metadata every event carries and where it was read.
 *
 * @param event      the event, e.g. a {@code dev.kes.schemas.event.MoneyDeposited}
 * @param type       its record name without namespace ({@code MoneyDeposited})
 * @param accountId  the account (the record key)
 * @param version    1, 2, 3 ... per account
 * @param occurredAt when it happened
 * @param partition  its partition of the events topic
 * @param offset     its offset there
 * @param position   the reader's position right after this event: resuming from it delivers the next one
 */
public record SubscribedEvent(
        SpecificRecord event,
        String type,
        String accountId,
        long version,
        Instant occurredAt,
        int partition,
        long offset,
        Position position) {}
