package dev.kes.projection.query;

import dev.kes.service.http.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The directory before the Streams application exists (see {@link StartingQueries}): every listing is a 503. */
public final class StartingDirectory implements AccountDirectory {
    private volatile AccountDirectory delegate;

    public void attach(final AccountDirectory directory) {
        this.delegate = directory;
    }

    private AccountDirectory current() {
        final AccountDirectory current = delegate;
        if (current == null) {
            throw Problem.of(503, "projection-unavailable", "Projection not available", "the projection is starting")
                    .exception();
        }
        return current;
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
