package dev.kes.projection.feed;

import java.util.Set;

/**
 * Which events a stream wants: those of {@code types} (empty: every type) of {@code account} (null: every account).
 */
public record EventFilter(Set<String> types, String account) {
    public static final EventFilter ALL = new EventFilter(Set.of(), null);

    public EventFilter {
        types = Set.copyOf(types);
    }

    public boolean accepts(final FeedRecord record) {
        return (types.isEmpty() || types.contains(record.type()))
                && (account == null || account.equals(record.accountId()));
    }
}
