package dev.kes.projection.query;

import dev.kes.service.http.Problem;

/**
 * What a starting query object answers with once the Streams application exists, attached then; until that moment
 * every call is a 503 (see {@link StartingQueries} for why the HTTP server is up before).
 */
final class StartingDelegate<T> {
    private volatile T delegate;

    void attach(final T attached) {
        this.delegate = attached;
    }

    T current() {
        final T current = delegate;
        if (current == null) {
            throw Problem.of(503, "projection-unavailable", "Projection not available", "the projection is starting")
                    .exception();
        }
        return current;
    }
}
