package dev.kes.projection.topology;

/**
 * What the projection's processors tell about each event they have just written to their stores: queries waiting
 * for that account or transfer can look again at once instead of at their next re-check. Called on stream
 * threads after the stores are written, so it must be quick and must not throw.
 */
public interface AppliedEvents {
    /** Tells nobody: tools and tests that run the topology without queries waiting on it. */
    AppliedEvents NONE = new AppliedEvents() {
        @Override
        public void account(final String accountId) {}

        @Override
        public void transfer(final String transferId) {}
    };

    /** Every account read model of this task has processed an event of the account. */
    void account(String accountId);

    /** The transfers read model of this task has processed an event of the transfer. */
    void transfer(String transferId);
}
