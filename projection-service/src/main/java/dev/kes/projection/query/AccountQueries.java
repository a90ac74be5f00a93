package dev.kes.projection.query;

/**
 * The read model as the HTTP layer sees it: local store lookups and routing to the instance that owns a key
 * are behind this interface, so handlers never touch Kafka Streams.
 */
public interface AccountQueries {
    /**
     * The current view of an account, wherever it is stored.
     *
     * @param forwarded true when another instance forwarded this request: answer locally, never forward again
     */
    QueryAnswer<AccountResponse> account(String accountId, boolean forwarded);
}
