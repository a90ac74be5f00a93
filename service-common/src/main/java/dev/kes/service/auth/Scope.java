package dev.kes.service.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a bearer token may do: {@code read} (GET, including {@code /metrics}), {@code write} (POST …) and {@code admin}
 * (erasing personal data, {@code DELETE /accounts/{id}/personal-data}); a token holds each scope it needs.
 */
public enum Scope {
    READ,
    WRITE,
    ADMIN;

    /** The scope as written in configuration and in {@code WWW-Authenticate}: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> parse(final String text) {
        for (final Scope scope : values()) {
            if (scope.label().equalsIgnoreCase(text.strip())) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /**
     * The scope a request needs, or empty for the health endpoints, which stay open so that orchestrators need no
     * token, for the API's own description ({@code /openapi.json}) and for the web console's files under
     * {@code /ui/}, which hold no data (the console's own API calls carry the token its user gives it). Reads need
     * {@code read}; everything else changes state and needs {@code write}.
     */
    public static Optional<Scope> requiredFor(final String method, final String path) {
        if (path.startsWith("/health/")
                || path.equals("/openapi.json")
                || path.equals("/ui")
                || path.startsWith("/ui/")) {
            return Optional.empty();
        }
        if (method.equals("DELETE") && path.startsWith("/accounts/") && path.endsWith("/personal-data")) {
            return Optional.of(ADMIN);
        }
        return Optional.of(method.equals("GET") || method.equals("HEAD") ? READ : WRITE);
    }
}
