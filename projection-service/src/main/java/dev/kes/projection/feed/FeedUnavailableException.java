package dev.kes.projection.feed;

/** The events topic cannot be read now (the live tail has not found its end yet, or Kafka does not answer). */
public final class FeedUnavailableException extends RuntimeException {
    FeedUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
