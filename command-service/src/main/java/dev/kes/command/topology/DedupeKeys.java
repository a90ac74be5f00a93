package dev.kes.command.topology;

/**
 * Keys of the {@code command-dedupe} store. A commandId is remembered per account: the store of one partition cannot
 * see the ids used on the accounts of another, so scoping ids to their account is the only rule that behaves the
 * same wherever two accounts live. The account id is length-prefixed, so no pair of ids can make another pair's key.
 * Entries written before this scoping are keyed by the commandId alone ({@link #legacy}).
 */
final class DedupeKeys {
    private DedupeKeys() {}

    static String of(final String accountId, final String commandId) {
        final String account = String.valueOf(accountId);
        return account.length() + ":" + account + ":" + commandId;
    }

    /** The key of an entry written by a version that remembered commandIds alone. */
    static String legacy(final String commandId) {
        return commandId;
    }
}
