package dev.kes.service.auth;

import dev.kes.service.http.Problem;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * Checks {@code Authorization: Bearer <token>} before every matched route except the health endpoints (RFC 6750):
 * no or an unknown token is a 401, a token without the scope the request needs ({@link Scope#requiredFor}) a 403,
 * both problem+json with {@code WWW-Authenticate: Bearer …}. Does nothing when no token is configured.
 */
public final class BearerAuth {
    private static final String PREFIX = "Bearer ";
    private static final String REALM = "Bearer realm=\"kes\"";

    private final AccessTokens tokens;

    public BearerAuth(final AccessTokens tokens) {
        this.tokens = tokens;
    }

    public void check(final Context ctx) {
        if (!tokens.enabled()) {
            return;
        }
        final Optional<Scope> needed = Scope.requiredFor(ctx.method().name(), ctx.path());
        if (needed.isEmpty()) {
            return;
        }
        final String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            ctx.header("WWW-Authenticate", REALM);
            throw Problem.of(401, "unauthorized", "Authentication required", "send Authorization: Bearer <token>")
                    .exception();
        }
        final Optional<Set<Scope>> scopes =
                tokens.scopesOf(header.substring(PREFIX.length()).strip());
        if (scopes.isEmpty()) {
            ctx.header("WWW-Authenticate", REALM + ", error=\"invalid_token\"");
            throw Problem.of(401, "unauthorized", "Authentication required", "the bearer token is not valid")
                    .exception();
        }
        if (!scopes.get().contains(needed.get())) {
            ctx.header(
                    "WWW-Authenticate",
                    REALM + ", error=\"insufficient_scope\", scope=\""
                            + needed.get().label() + "\"");
            throw Problem.of(
                            403,
                            "forbidden",
                            "Insufficient scope",
                            "this request needs a token with the '"
                                    + needed.get().label() + "' scope")
                    .exception();
        }
    }
}
