package dev.kes.command.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A command service in a child JVM ({@link ChildJvm}), for the tests that kill one. */
public final class ChildService {
    private ChildService() {}

    /** Waits until the child answers /health/ready with 200; fails at once, with its log, when it exits first. */
    public static void awaitReady(
            final HttpTestClient http, final Process process, final Path log, final Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(process.isAlive())
                    .as(() -> "exited early: " + ChildJvm.tail(log))
                    .isTrue();
            try {
                assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
            } catch (IOException e) {
                throw new AssertionError("not listening yet", e);
            }
        });
    }
}
