package dev.kes.service.http;

import dev.kes.service.auth.AccessTokens;
import dev.kes.service.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Where the HTTP server listens, which bearer tokens it accepts (none: authentication off), where it records
 * its request metrics (null: not recorded), how many threads Jetty may run (0: Javalin's default, 250) and where
 * it records a span per request ({@link Tracing#off()} unless given).
 */
public record HttpOptions(
        String host, int port, AccessTokens tokens, MeterRegistry registry, int maxThreads, Tracing tracing) {
    public HttpOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(tracing, "tracing");
        if (maxThreads < 0) {
            throw new IllegalArgumentException("maxThreads must be 0 (the default) or positive, got " + maxThreads);
        }
    }

    public static HttpOptions of(final String host, final int port) {
        return new HttpOptions(host, port, AccessTokens.none(), null, 0, Tracing.off());
    }

    public HttpOptions withTokens(final AccessTokens accepted) {
        return new HttpOptions(host, port, accepted, registry, maxThreads, tracing);
    }

    public HttpOptions withRegistry(final MeterRegistry meters) {
        return new HttpOptions(host, port, tokens, meters, maxThreads, tracing);
    }

    /** At most {@code threads} Jetty threads, acceptor and selector included. */
    public HttpOptions withMaxThreads(final int threads) {
        return new HttpOptions(host, port, tokens, registry, threads, tracing);
    }

    public HttpOptions withTracing(final Tracing spans) {
        return new HttpOptions(host, port, tokens, registry, maxThreads, spans);
    }
}
