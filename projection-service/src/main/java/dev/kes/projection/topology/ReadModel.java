package dev.kes.projection.topology;

/**
 * One read model: a store it owns and how an event changes it. The {@link ReadModelProcessor} does the version
 * guard for every model alike, from what the model itself last applied ({@link #latest}), so each store is
 * idempotent on its own.
 *
 * @param <S> what the model keeps about an account's latest applied event
 */
interface ReadModel<S> {
    /** The store's name, also the {@code view} label of its metrics. */
    String name();

    void init(StoreLookup stores);

    /** What this model last applied for the account, or null if nothing. */
    S latest(String accountId);

    /** The version of that latest applied event. */
    long version(S latest);

    /**
     * Applies an event that passed the guard: its version is above {@code latest}'s, which may be null.
     *
     * @return what {@link #latest} answers from now on
     */
    S apply(DecodedEvent event, S latest);
}
