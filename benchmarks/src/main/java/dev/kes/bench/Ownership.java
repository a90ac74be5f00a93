package dev.kes.bench;

import dev.kes.projection.ProjectionService;
import dev.kes.projection.query.Placement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of two projection-service instances owns each account: the instance running the active task of the
 * account's partition, as Kafka Streams' metadata says ({@link ProjectionService#placement}). Seen from {@code a}:
 * its {@code local} accounts it answers from its own stores, its {@code forwarded} ones it forwards to {@code b}.
 */
record Ownership(List<String> local, List<String> forwarded) {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);

    Ownership {
        local = List.copyOf(local);
        forwarded = List.copyOf(forwarded);
    }

    /**
     * Waits until both instances are RUNNING, agree on the owner of every account, and each owns some; fails after
     * {@link #SETTLE_TIMEOUT}.
     */
    static Ownership await(final ProjectionService a, final ProjectionService b, final String[] accountIds)
            throws InterruptedException {
        final long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        String last = "not asked yet";
        while (System.nanoTime() < deadline) {
            try {
                final Ownership ownership = of(a, b, accountIds);
                if (!ownership.local.isEmpty() && !ownership.forwarded.isEmpty()) {
                    return ownership;
                }
                last = "one instance owns every account: " + ownership.local.size() + " / "
                        + ownership.forwarded.size();
            } catch (IllegalStateException e) {
                last = e.getMessage();
            } catch (RuntimeException e) {
                // StartingQueries and Kafka Streams answer with exceptions while they are not ready
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "the two instances did not settle on owners within " + SETTLE_TIMEOUT.toSeconds() + " s: " + last);
    }

    private static Ownership of(final ProjectionService a, final ProjectionService b, final String[] accountIds) {
        final List<String> local = new ArrayList<>();
        final List<String> forwarded = new ArrayList<>();
        for (final String id : accountIds) {
            final Placement fromA = a.placement(id);
            final Placement fromB = b.placement(id);
            if (!fromA.settled()
                    || !fromB.settled()
                    || fromA.active() == null
                    || !fromA.active().equals(fromB.active())) {
                throw new IllegalStateException(id + ": placement not settled (" + fromA + " / " + fromB + ")");
            }
            if (fromA.activeHere()) {
                local.add(id);
            } else if (fromB.activeHere()) {
                forwarded.add(id);
            } else {
                throw new IllegalStateException(id + " is owned by neither instance: " + fromA.active());
            }
        }
        return new Ownership(local, forwarded);
    }
}
