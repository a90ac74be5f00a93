package dev.kes.kafka.test;

import java.util.Locale;
import java.util.function.UnaryOperator;

/** The cluster to use, from the {@code kafka.bootstrap} / {@code kafka.provider} / {@code kafka.image} properties. */
record ProviderChoice(String provider, String bootstrapServers, String image) {
    static final String EXTERNAL = "external";
    static final String TESTCONTAINERS = "testcontainers";
    static final String EMBEDDED = "embedded";
    static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    static ProviderChoice fromSystemProperties() {
        return from(System::getProperty);
    }

    /** Precedence: {@code kafka.bootstrap} > {@code kafka.provider=testcontainers} > embedded. Blank = absent. */
    static ProviderChoice from(UnaryOperator<String> properties) {
        String bootstrap = trimToNull(properties.apply("kafka.bootstrap"));
        if (bootstrap != null) {
            return new ProviderChoice(EXTERNAL, bootstrap, null);
        }
        String provider = trimToNull(properties.apply("kafka.provider"));
        provider = provider == null ? EMBEDDED : provider.toLowerCase(Locale.ROOT);
        switch (provider) {
            case TESTCONTAINERS -> {
                String image = trimToNull(properties.apply("kafka.image"));
                return new ProviderChoice(TESTCONTAINERS, null, image == null ? DEFAULT_IMAGE : image);
            }
            case EMBEDDED -> {
                return new ProviderChoice(EMBEDDED, null, null);
            }
            default ->
                throw new IllegalArgumentException("Unknown kafka.provider '" + provider
                        + "': use testcontainers or embedded, or set kafka.bootstrap for an external cluster");
        }
    }

    private static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
