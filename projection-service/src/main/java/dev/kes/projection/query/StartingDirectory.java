package dev.kes.projection.query;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The directory before the Streams application exists (see {@link StartingQueries}): every listing is a 503. */
public final class StartingDirectory implements AccountDirectory {
    private final StartingDelegate<AccountDirectory> delegate = new StartingDelegate<>();

    public void attach(final AccountDirectory directory) {
        delegate.attach(directory);
    }

    private AccountDirectory current() {
        return delegate.current();
    }

    @Override
    public List<PartitionCopies> copies() {
        return current().copies();
    }

    @Override
    public String self() {
        return current().self();
    }

    @Override
    public Map<Integer, List<AccountResponse>> read(
            final Set<Integer> partitions, final String after, final int limit) {
        return current().read(partitions, after, limit);
    }
}
