package dev.kes.command.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.command.testing.AcceptedDeposits.Accepted;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * Deposit traffic that goes on while a test breaks something underneath (a broker, an instance): a few sender
 * threads, each deposit retried with its Idempotency-Key until it is accepted, so that the test can then check that
 * every accepted one is stored exactly once ({@link AcceptedDeposits}).
 */
public final class DepositLoad {
    private DepositLoad() {}

    /**
     * Runs {@code deposit.apply(i)} for i = 0..commands-1 on {@code threads} {@link Senders}, counting {@code progress}
     * down after each (the test's cue to strike). Returns the non-null answers: the deposits that failed.
     */
    public static List<String> send(
            final int threads,
            final int commands,
            final Duration within,
            final CountDownLatch progress,
            final IntFunction<String> deposit)
            throws Exception {
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (Senders senders = Senders.start(threads, commands, i -> {
            final String failure = deposit.apply(i);
            if (failure != null) {
                failures.add(failure);
            }
            progress.countDown();
        })) {
            senders.await(within);
        }
        return failures;
    }

    /**
     * One deposit, first through {@code first}, then, after any sign of trouble (an I/O error, 503, 504), through
     * {@code retry} with the same Idempotency-Key, until {@code perCommand} has passed. Adds it to {@code accepted}
     * and returns null when it is accepted (200), else returns what went wrong.
     */
    public static String deposit(
            final String commandId,
            final String accountId,
            final BigDecimal amount,
            final HttpTestClient first,
            final HttpTestClient retry,
            final Duration perCommand,
            final List<Accepted> accepted) {
        final long deadline = System.nanoTime() + perCommand.toNanos();
        HttpTestClient target = first;
        String last = "not sent";
        while (System.nanoTime() < deadline) {
            try {
                final HttpResponse<String> response = target.postJson(
                        "/accounts/" + accountId + "/deposits",
                        "{\"amount\":\"" + amount + "\"}",
                        "Idempotency-Key",
                        commandId);
                if (response.statusCode() == 200) {
                    final JsonNode result = Responses.body(response);
                    accepted.add(new Accepted(
                            accountId,
                            result.get("commandId").asText(),
                            amount,
                            result.get("version").asLong()));
                    return null;
                }
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() != 503 && response.statusCode() != 504) {
                    return commandId + ": " + last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            target = retry;
        }
        return commandId + " never accepted within " + perCommand + "; last answer " + last;
    }
}
