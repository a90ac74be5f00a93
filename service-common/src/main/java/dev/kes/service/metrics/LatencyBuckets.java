package dev.kes.service.metrics;

import java.time.Duration;

/**
 * The histogram buckets of every latency the services export, 10 ms to 30 s: the same {@code le} bounds for HTTP
 * requests and commands, so that a dashboard's p99 of both is read on one scale.
 */
public final class LatencyBuckets {
    private LatencyBuckets() {}

    public static Duration[] bounds() {
        return new Duration[] {
            Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(2500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30)
        };
    }
}
