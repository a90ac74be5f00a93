package dev.kes.admin.events;

import dev.kes.admin.kafka.OffsetRange;
import java.util.List;

/**
 * What a read of account-events covered and what it could not use.
 *
 * @param delivered        events handed to the caller
 * @param skippedUnknown   records of a type this build does not know (a newer schema, or a record that is not an
 *                         account event): skipped and counted, as every consumer of the event store does
 * @param skippedMalformed records whose bytes cannot be decoded at all (or tombstones): never written by the command
 *                         service, so worth a look when not zero
 * @param ranges           the offsets read, per partition
 */
public record ReadSummary(long delivered, long skippedUnknown, long skippedMalformed, List<OffsetRange> ranges) {
    public ReadSummary {
        ranges = List.copyOf(ranges);
    }

    public long skipped() {
        return skippedUnknown + skippedMalformed;
    }
}
