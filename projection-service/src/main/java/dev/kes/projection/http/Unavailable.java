package dev.kes.projection.http;

import dev.kes.service.http.Problem;
import dev.kes.service.http.ProblemException;

/** The 503 problems of query routing; every 503 carries {@code Retry-After} (added by the HTTP server). */
final class Unavailable {
    /** The problem type of a copy that did not reach a {@code ?position=} in time: final, no other copy is asked. */
    static final String POSITION_NOT_REACHED_TYPE = "urn:kes:problem:position-not-reached";

    private Unavailable() {}

    static ProblemException positionNotReached(final long version, final long wanted) {
        return positionNotReached(
                "the projection has version " + version + " of this account, the position needs " + wanted);
    }

    static ProblemException transferPositionNotReached(final String accountId) {
        return positionNotReached("the transfer does not show the position's event of account " + accountId + " yet");
    }

    private static ProblemException positionNotReached(final String detail) {
        return Problem.of(503, "position-not-reached", "Projection behind the requested position", detail)
                .exception();
    }

    static ProblemException noCopy(final String detail) {
        return Problem.of(503, "projection-unavailable", "Projection not available", detail)
                .exception();
    }
}
