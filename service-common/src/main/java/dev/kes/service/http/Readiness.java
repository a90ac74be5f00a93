package dev.kes.service.http;

/** What {@code GET /health/ready} reports: ready only when the service can answer from complete state. */
@FunctionalInterface
public interface Readiness {
    /** Null when ready, otherwise why not (for example "streams REBALANCING"). */
    String notReadyReason();
}
