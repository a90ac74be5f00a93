package dev.kes.command.topology;

/** Names of the command service's state stores, shared by the topology, the tools and the tests. */
public final class StoreNames {
    /** accountId → AccountSnapshot; its compacted changelog is the snapshot of every account. */
    public static final String ACCOUNT_STATE = "account-state";
    /** commandId → CommandResult of the first processing, for retries within the dedupe window. */
    public static final String COMMAND_DEDUPE = "command-dedupe";

    private StoreNames() {}

    /** The changelog topic Kafka Streams keeps for a store: {@code <application.id>-<store>-changelog}. */
    public static String changelog(final String applicationId, final String store) {
        return applicationId + "-" + store + "-changelog";
    }
}
