package dev.kes.service.http;

import dev.kes.service.auth.AccessTokens;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;

/**
 * Where the HTTP server listens, which bearer tokens it accepts (none: authentication off) and where it records
 * its request metrics (null: not recorded).
 */
public record HttpOptions(String host, int port, AccessTokens tokens, MeterRegistry registry) {
    public HttpOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tokens, "tokens");
    }

    public static HttpOptions of(final String host, final int port) {
        return new HttpOptions(host, port, AccessTokens.none(), null);
    }

    public HttpOptions withTokens(final AccessTokens accepted) {
        return new HttpOptions(host, port, accepted, registry);
    }

    public HttpOptions withRegistry(final MeterRegistry meters) {
        return new HttpOptions(host, port, tokens, meters);
    }
}
