package dev.kes.projection.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The in-process wake-ups of {@code ?position=} waits: none lost, none crossing to another key. */
class ChangeSignalsTest {
    private static final Duration LONG = Duration.ofMinutes(5);
    private final ChangeSignals signals = new ChangeSignals();

    @Test
    void aChangeBeforeTheWaitIsNotLost() throws Exception {
        try (StoreChanges.Watch watch = signals.watchAccount("ada")) {
            // between the waiter's read and its wait
            signals.account("ada");
            assertThat(watch.await(LONG)).isTrue();
        }
    }

    @Test
    void aWaiterIsWokenByItsKeyOnly() {
        try (StoreChanges.Watch ada = signals.watchAccount("ada");
                StoreChanges.Watch transfer = signals.watchTransfer("ada")) {
            final CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> waitOn(ada));
            signals.account("bob");
            signals.transfer("ada");
            assertThat(woken).isNotDone();
            signals.account("ada");
            assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> woken.getNow(null), r -> r != null))
                    .isTrue();
            assertThat(waitOn(transfer))
                    .as("the transfer of the same id was signalled on its own")
                    .isTrue();
        }
    }

    @Test
    void withoutAChangeTheWaitEndsAfterItsTime() throws Exception {
        try (StoreChanges.Watch watch = signals.watchAccount("ada")) {
            final long start = System.nanoTime();
            assertThat(watch.await(Duration.ofMillis(50))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        }
    }

    @Test
    void aWakeUpIsUsedOnce() throws Exception {
        try (StoreChanges.Watch watch = signals.watchAccount("ada")) {
            signals.account("ada");
            signals.account("ada");
            assertThat(watch.await(LONG)).isTrue();
            assertThat(watch.await(Duration.ofMillis(10))).isFalse();
        }
    }

    @Test
    void theGaugeCountsOpenWatches() {
        final StoreChanges.Watch first = signals.watchAccount("ada");
        final StoreChanges.Watch second = signals.watchAccount("ada");
        assertThat(signals.watching()).isEqualTo(2);
        first.close();
        first.close();
        assertThat(signals.watching()).isEqualTo(1);
        second.close();
        assertThat(signals.watching()).isZero();
        signals.account("ada"); // nobody left: nothing to wake
    }

    private static boolean waitOn(final StoreChanges.Watch watch) {
        try {
            return watch.await(LONG);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
