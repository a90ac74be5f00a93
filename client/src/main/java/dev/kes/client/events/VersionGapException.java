package dev.kes.client.events;

/**
 * An event arrived whose version is more than one after the last one applied to its account: the events between
 * were never applied. Events of an account have versions 1, 2, 3 ... without gaps, so this means the subscription
 * started after them (a start instant or position, lost events) or the applied versions are behind the subscription's
 * checkpoint (e.g. a database restored from a backup). The event is not applied and not checkpointed.
 */
public final class VersionGapException extends IllegalStateException {
    private final String accountId;
    private final long lastApplied;
    private final long version;

    public VersionGapException(final String accountId, final long lastApplied, final long version) {
        super("account " + accountId + ": event version " + version + " arrived but the last version applied is "
                + lastApplied + ", so "
                + (version - 1 > lastApplied + 1
                        ? "versions " + (lastApplied + 1) + " to " + (version - 1) + " were"
                        : "version " + (lastApplied + 1) + " was")
                + " never applied");
        this.accountId = accountId;
        this.lastApplied = lastApplied;
        this.version = version;
    }

    public String accountId() {
        return accountId;
    }

    public long lastApplied() {
        return lastApplied;
    }

    public long version() {
        return version;
    }
}
