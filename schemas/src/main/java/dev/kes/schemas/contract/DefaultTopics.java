package dev.kes.schemas.contract;

/**
 * The default topic names, shared by the services and the client library: a client that leaves the names unset
 * talks to a service that does.
 */
public final class DefaultTopics {
    public static final String COMMANDS = "account-commands";
    public static final String EVENTS = "account-events";
    public static final String RESULTS = "account-command-results";
    public static final String DLQ = "account-commands-dlq";
    /** The compacted topic of the per-account data keys that encrypt personal fields (docs/adr/0016). */
    public static final String PERSONAL_KEYS = "kes-personal-keys";

    private DefaultTopics() {}
}
