package dev.kes.sql;

import dev.kes.client.events.EventDecodeException;
import dev.kes.client.events.EventSubscription;
import dev.kes.schemas.registry.Codecs;
import dev.kes.sql.db.BatchApplier;
import dev.kes.sql.db.Database;
import dev.kes.sql.db.Migrations;
import dev.kes.sql.db.OffsetConflictException;
import dev.kes.sql.fold.FoldCounts;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running read model: migrates the schema, then subscribes to the events topic and applies each batch in one
 * database transaction ({@link BatchApplier}), starting every assigned partition from the database's offsets.
 *
 * <p>When another instance has applied part of a partition (an {@link OffsetConflictException} after a rebalance)
 * the subscription is built again at once, so that it re-reads its offsets. Other failures (database, Kafka or the
 * schema registry unavailable) are retried with a growing pause. A record that cannot be decoded stops the projection: skipping it
 * would leave the tables silently wrong; so does a Kafka setting the consumer refuses, which no retry can mend.
 */
public final class SqlProjection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlProjection.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final SqlProjectionConfig config;
    private final BatchApplier applier;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile EventSubscription subscription;
    private volatile Throwable failure;

    private SqlProjection(final SqlProjectionConfig config, final Database database) {
        this.config = config;
        this.applier = new BatchApplier(database, config.topic());
        this.thread = new Thread(this::runUntilClosed, "sql-projection");
    }

    /**
     * Checks that the schema registry answers (if one is configured), migrates the database (a failure of either is
     * thrown here) and starts applying events on a thread of its own.
     *
     * @throws dev.kes.schemas.registry.SchemaRegistryException naming the registry's URL if it cannot be reached
     */
    public static SqlProjection start(final SqlProjectionConfig config) {
        // a wrong URL is a startup error, not an outage for the reading thread to retry forever
        Codecs.forReading(config.kafka());
        final Database database = new Database(config.jdbcUrl(), config.user(), config.password());
        Migrations.migrate(database);
        final SqlProjection projection = new SqlProjection(config, database);
        projection.thread.start();
        LOG.info("started: {}", config);
        return projection;
    }

    private void runUntilClosed() {
        Duration pause = FIRST_PAUSE;
        try {
            while (closing.getCount() > 0) {
                try (EventSubscription current = EventSubscription.builder()
                        .kafka(config.kafka())
                        .topic(config.topic())
                        .groupId(config.groupId())
                        .fromBeginning()
                        .offsets(applier)
                        .batchHandler(applier)
                        .build()) {
                    subscription = current;
                    if (closing.getCount() == 0) {
                        return;
                    }
                    current.run();
                    return;
                } catch (Exception e) {
                    if (closing.getCount() == 0) {
                        return;
                    }
                    if (cause(e, EventDecodeException.class).isPresent()
                            || cause(e, ConfigException.class).isPresent()) {
                        LOG.error("stopping: {}", e.getMessage());
                        failure = e;
                        return;
                    }
                    final Optional<OffsetConflictException> conflict = cause(e, OffsetConflictException.class);
                    if (conflict.isPresent()) {
                        LOG.info(
                                "another instance applied part of the partition ({}); re-reading the offsets",
                                conflict.get().getMessage());
                        pause = FIRST_PAUSE;
                        continue;
                    }
                    LOG.warn("subscription failed, retrying in {} ms: {}", pause.toMillis(), e.toString());
                    if (closing.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                } finally {
                    subscription = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("stopping", e);
            failure = e;
        } finally {
            applier.close();
            stopped.countDown();
        }
    }

    private static <T extends Throwable> Optional<T> cause(final Throwable thrown, final Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** Events applied and skipped by this instance. */
    public FoldCounts counts() {
        return applier.totals();
    }

    /** Waits until the projection has stopped (closed, or failed). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Why it stopped by itself, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() throws InterruptedException {
        closing.countDown();
        final EventSubscription current = subscription;
        if (current != null) {
            current.close();
        }
        thread.join();
    }
}
