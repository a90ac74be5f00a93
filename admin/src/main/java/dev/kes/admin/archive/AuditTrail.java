package dev.kes.admin.archive;

import dev.kes.admin.events.EventStoreReader;
import dev.kes.admin.events.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The full history of one account after archiving: its archived events, then its events still on the topic.
 * Records the archive holds and the topic still has (archived with --no-truncate) come from the archive only.
 *
 * @param archived the events read from the archive, in version order
 * @param live     the events read from the topic, in version order
 * @param gaps     where versions are not 1, 2, 3 … without repeats: empty for a whole history
 */
public record AuditTrail(String accountId, List<StoredEvent> archived, List<StoredEvent> live, List<String> gaps) {
    public AuditTrail {
        archived = List.copyOf(archived);
        live = List.copyOf(live);
        gaps = List.copyOf(gaps);
    }

    public static AuditTrail of(final String accountId, final ArchiveReader archive, final EventStoreReader topic) {
        final List<StoredEvent> archived = archive.readAccount(accountId).events();
        final Map<Integer, Long> archivedEnd = archive.archivedEnd();
        final List<StoredEvent> live = topic.readAccount(accountId).events().stream()
                .filter(event -> event.offset() >= archivedEnd.getOrDefault(event.partition(), 0L))
                .toList();
        return new AuditTrail(
                accountId,
                archived,
                live,
                gaps(Stream.concat(archived.stream(), live.stream()).toList()));
    }

    public List<StoredEvent> all() {
        return Stream.concat(archived.stream(), live.stream()).toList();
    }

    private static List<String> gaps(final List<StoredEvent> events) {
        final List<String> gaps = new ArrayList<>();
        long expected = 1;
        for (final StoredEvent event : events) {
            if (event.version() != expected) {
                gaps.add(
                        event.version() < expected
                                ? "v" + event.version() + " again at " + where(event)
                                : (expected == 1 ? "the history starts" : "after v" + (expected - 1) + " comes") + " v"
                                        + event.version() + " at " + where(event) + ": v" + expected
                                        + (event.version() - 1 > expected ? "..v" + (event.version() - 1) : "")
                                        + " missing");
            }
            expected = Math.max(expected, event.version() + 1);
        }
        return gaps;
    }

    private static String where(final StoredEvent event) {
        return event.partition() + ":" + event.offset();
    }
}
