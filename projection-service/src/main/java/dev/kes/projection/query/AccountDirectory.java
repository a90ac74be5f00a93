package dev.kes.projection.query;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The balances read model as a directory of every account, read across partitions: where each partition's copies
 * are ({@link #copies}) and this instance's copies read in accountId order ({@link #read}). Which instance to ask
 * for which partition is the HTTP layer's decision, as it is for a single account.
 */
public interface AccountDirectory {
    /** Every partition of the balances store with its hosts, as this instance sees them (a 503 while unknown). */
    List<PartitionCopies> copies();

    /** This instance, as {@code host:port}. */
    String self();

    /**
     * Of each of {@code partitions} that this instance holds a copy of, up to {@code limit} accounts whose id comes
     * after {@code after} (null: from the first), in accountId order; the partitions without a copy here are absent.
     */
    Map<Integer, List<AccountResponse>> read(Set<Integer> partitions, String after, int limit);
}
