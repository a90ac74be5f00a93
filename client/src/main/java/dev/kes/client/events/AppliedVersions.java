package dev.kes.client.events;

/**
 * The last event version an application has applied, per account: what {@link EventHandlers#idempotentByVersion}
 * consults to skip an event delivered again. Keep it where the handler's effects are: a database table
 * {@code (account_id, last_version)} updated in the same transaction as the rows the event changes makes redelivery
 * harmless even after a crash between the two.
 */
public interface AppliedVersions {

    /** The last version applied of this account; 0 when none was. */
    long lastApplied(String accountId) throws Exception;

    /**
     * Called after the handler returned for {@code version} of the account. A store whose handler already wrote the
     * version in its own transaction leaves this empty.
     */
    void applied(String accountId, long version) throws Exception;

    /** Versions held in this process's memory: for tests and for handlers whose effects are in memory too. */
    static AppliedVersions inMemory() {
        return new InMemoryAppliedVersions();
    }
}
