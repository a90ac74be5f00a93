package dev.kes.bench;

import dev.kes.command.CommandServiceConfig;
import dev.kes.command.topology.CommandStreamsConfig;
import dev.kes.command.topology.CommandTopology;
import dev.kes.command.topology.StoreNames;
import dev.kes.schemas.state.AccountSnapshot;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;

/**
 * The command service's real topology and Streams config started on an empty state dir: Kafka Streams restores the
 * account-state store from its changelog, and the time to RUNNING is the time to recover. Closed afterwards, its
 * local state deleted, so the next restore of the same application.id starts from nothing again.
 */
final class StoreRestore {
    private static final long TIMEOUT_MINUTES = 30;

    private StoreRestore() {}

    /**
     * @param records        account-state records restored (onRestoreEnd totals, all partitions)
     * @param toRunningNanos from {@code start()} to the state RUNNING
     * @param restoreNanos   from the first onRestoreStart to the last onRestoreEnd of account-state
     */
    record Timing(long records, long toRunningNanos, long restoreNanos) {
        double toRunningSeconds() {
            return toRunningNanos / 1e9;
        }

        double restoreSeconds() {
            return restoreNanos / 1e9;
        }

        double recordsPerSecond() {
            return records * 1e9 / restoreNanos;
        }
    }

    /** Listens to account-state only: the dedupe store's changelog is empty here. */
    private static final class Listener implements StateRestoreListener {
        private final AtomicLong restored = new AtomicLong();
        private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong lastEnd = new AtomicLong();

        @Override
        public void onRestoreStart(
                final TopicPartition partition,
                final String store,
                final long startingOffset,
                final long endingOffset) {
            if (store.equals(StoreNames.ACCOUNT_STATE)) {
                firstStart.accumulateAndGet(System.nanoTime(), Math::min);
            }
        }

        @Override
        public void onBatchRestored(
                final TopicPartition partition, final String store, final long batchEndOffset, final long numRestored) {
            // the totals come with onRestoreEnd
        }

        @Override
        public void onRestoreEnd(final TopicPartition partition, final String store, final long totalRestored) {
            if (store.equals(StoreNames.ACCOUNT_STATE)) {
                restored.addAndGet(totalRestored);
                lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
            }
        }
    }

    /**
     * Restores, then checks that every account answers with {@code expectedVersion} (a sample of
     * {@code sampleIds}), and closes.
     */
    static Timing run(final CommandServiceConfig config, final String[] sampleIds, final long expectedVersion)
            throws InterruptedException {
        final KafkaStreams streams =
                new KafkaStreams(CommandTopology.build(config), CommandStreamsConfig.properties(config));
        final Listener listener = new Listener();
        final CountDownLatch running = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setGlobalStateRestoreListener(listener);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            running.countDown();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        try {
            final long start = System.nanoTime();
            streams.start();
            if (!running.await(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException(
                        "not RUNNING after " + TIMEOUT_MINUTES + " minutes: " + streams.state());
            }
            final long toRunning = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IllegalStateException("the command topology failed: " + failure.get(), failure.get());
            }
            verify(streams, sampleIds, expectedVersion);
            return new Timing(listener.restored.get(), toRunning, listener.lastEnd.get() - listener.firstStart.get());
        } finally {
            StreamsRun.close(streams);
            streams.cleanUp();
        }
    }

    /** Through IQv2, which reports a failed query per partition rather than throwing. */
    private static void verify(final KafkaStreams streams, final String[] sampleIds, final long expectedVersion) {
        for (final String id : sampleIds) {
            final StateQueryResult<AccountSnapshot> answer =
                    streams.query(StateQueryRequest.inStore(StoreNames.ACCOUNT_STATE)
                            .withQuery(KeyQuery.<String, AccountSnapshot>withKey(id)));
            final QueryResult<AccountSnapshot> only = answer.getOnlyPartitionResult();
            if (only != null && only.isFailure()) {
                throw new IllegalStateException("restored " + id + ": the query failed: " + only.getFailureMessage());
            }
            final AccountSnapshot snapshot = only == null ? null : only.getResult();
            if (snapshot == null || snapshot.getVersion() != expectedVersion) {
                throw new IllegalStateException("restored " + id + ": expected version " + expectedVersion + ", got "
                        + (snapshot == null ? "nothing" : snapshot.getVersion()));
            }
        }
    }
}
