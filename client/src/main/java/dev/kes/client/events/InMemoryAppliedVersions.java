package dev.kes.client.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link AppliedVersions} in a map; thread-safe, versions only ever go up. */
final class InMemoryAppliedVersions implements AppliedVersions {
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    @Override
    public long lastApplied(final String accountId) {
        return versions.getOrDefault(accountId, 0L);
    }

    @Override
    public void applied(final String accountId, final long version) {
        versions.merge(accountId, version, Math::max);
    }

    @Override
    public String toString() {
        return "in-memory applied versions of " + versions.size() + " accounts";
    }
}
