package dev.kes.kafka.test;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Unique names for topics, consumer groups and Kafka Streams {@code application.id}s. */
public final class TestNames {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final int MAX_PREFIX = 200; // topic names are limited to 249 characters

    private TestNames() {}

    /**
     * {@code prefix-<counter>-<8 random hex digits>}, e.g. {@code orders-7-3fa9c21b}. Characters other than
     * {@code [a-zA-Z0-9._-]} in the prefix become {@code -}, so the result is a valid topic name and application.id,
     * unique within the JVM and, through the random part, across runs against a shared external cluster.
     */
    public static String unique(String prefix) {
        String clean = prefix == null || prefix.isBlank() ? "test" : prefix.replaceAll("[^a-zA-Z0-9._-]", "-");
        if (clean.length() > MAX_PREFIX) {
            clean = clean.substring(0, MAX_PREFIX);
        }
        return clean + "-" + COUNTER.incrementAndGet() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
