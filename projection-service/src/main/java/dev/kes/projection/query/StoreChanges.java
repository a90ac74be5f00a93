package dev.kes.projection.query;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for this instance's read models to change for one account or one transfer, so that a query waiting for a
 * {@code ?position=} looks again as soon as an event of it is applied. A wake-up is only a hint to read again: a
 * change may come without one (a standby copy or a restore writes the stores without the projection's processors),
 * so waiters also look again after a bounded time.
 */
public interface StoreChanges {
    /** Never wakes anyone: every wait lasts its full time (waiters then re-check at their fallback interval). */
    StoreChanges NONE = new StoreChanges() {
        @Override
        public Watch watchAccount(final String accountId) {
            return Watch.SLEEP;
        }

        @Override
        public Watch watchTransfer(final String transferId) {
            return Watch.SLEEP;
        }
    };

    /** Starts watching the account: changes from now on wake the returned watch. */
    Watch watchAccount(String accountId);

    /** Starts watching the transfer: changes from now on wake the returned watch. */
    Watch watchTransfer(String transferId);

    /**
     * One waiter's registration. Open it before reading what it waits for: a change between that read and
     * {@link #await} is then not lost, the next {@code await} returns at once.
     */
    interface Watch extends AutoCloseable {
        /** Sleeps the whole time, for {@link StoreChanges#NONE}. */
        Watch SLEEP = new Watch() {
            @Override
            public boolean await(final Duration max) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(max.toNanos());
                return false;
            }

            @Override
            public void close() {}
        };

        /**
         * Returns at once if a change came since the watch opened or since the last {@code await} returned, else
         * when one comes or after {@code max}.
         *
         * @return whether a change came
         */
        boolean await(Duration max) throws InterruptedException;

        /** Stops watching. */
        @Override
        void close();
    }
}
