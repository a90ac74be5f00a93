package dev.kes.admin.kafka;

import dev.kes.admin.AdminException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;

/** Waits for Admin results with a bound, and turns their failures into one readable message. */
public final class AdminCalls {
    private AdminCalls() {}

    public static <T> T await(final KafkaFuture<T> future, final Duration timeout, final String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // the client's own deadline may pass before ours: the same timeout, so the same words
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new AdminException(
                        what + " timed out after " + human(timeout) + " (" + describe(e.getCause()) + ")",
                        e.getCause());
            }
            throw new AdminException(what + " failed: " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new AdminException(what + " timed out after " + human(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(what + " was interrupted", e);
        }
    }

    private static String human(final Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** The cause of a failed Kafka call as "ExceptionName: message", which is what an operator can act on. */
    public static String describe(final Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        final String message = failure.getMessage();
        return message == null || message.isBlank()
                ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + message;
    }
}
