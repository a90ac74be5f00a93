package dev.kes.client.command;

import dev.kes.schemas.contract.CommandFingerprint;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.serde.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the results topic (committed results only) and completes the futures of the commands
 * waiting in this process. Each instance reads all results, so a result is seen wherever its command was submitted;
 * no consumer group, so nothing to rebalance. Starts at the end of the topic: only results of commands submitted
 * after {@link #isReady()} are guaranteed to be seen.
 */
final class ResultListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultListener.class);
    private static final Duration METADATA_RETRY = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final AvroCodec codec;
    /**
     * Several submissions of one commandId (retries) each wait with their own future and timeout. CommandIds are
     * scoped per account, and one may be reused with another request: a result completes only the submissions of
     * its account and request.
     */
    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();

    private final CountDownLatch positioned = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    ResultListener(final Map<String, Object> kafka, final String topic, final AvroCodec codec) {
        final Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.codec = codec;
        this.thread = new Thread(this::run, "kes-result-listener");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** True once the listener is positioned at the end of every partition: results from then on are seen. */
    boolean awaitReady(final Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && running;
    }

    /** Positioned and still reading: a listener whose thread died would let every command time out. */
    boolean isReady() {
        return positioned.getCount() == 0 && running;
    }

    /**
     * Register before sending the command, so that its result cannot arrive unseen.
     *
     * @param fingerprint the command's {@link CommandFingerprint}: results answering another request under the same
     *                    id are not this command's
     */
    CompletableFuture<CommandResult> expect(final String commandId, final String accountId, final byte[] fingerprint) {
        final Waiter waiter = new Waiter(accountId, fingerprint, new CompletableFuture<>());
        waiting.compute(commandId, (id, waiters) -> {
            final List<Waiter> list = waiters == null ? new ArrayList<>(1) : waiters;
            list.add(waiter);
            return list;
        });
        return waiter.future();
    }

    void forget(final String commandId, final CompletableFuture<CommandResult> future) {
        waiting.computeIfPresent(commandId, (id, waiters) -> {
            waiters.removeIf(waiter -> waiter.future() == future);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    private void run() {
        try {
            final List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    deliver(record);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            if (running) {
                LOG.error("result listener interrupted: commands will time out", e);
            }
        } catch (RuntimeException e) {
            LOG.error("result listener stopped: commands will time out", e);
        } finally {
            running = false;
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** The topic's partitions, waiting while it does not exist yet (a client may start before the service). */
    private List<TopicPartition> partitions() throws InterruptedException {
        while (running) {
            try {
                final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                if (!partitions.isEmpty()) {
                    return partitions;
                }
                LOG.warn("results topic {} does not exist yet; waiting for it", topic);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("no metadata for results topic {} yet: {}", topic, e.getMessage());
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                LOG.warn("cannot read the partitions of results topic {}: {}", topic, e.toString());
            }
            closing.await(METADATA_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
        return List.of();
    }

    private void deliver(final ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || !waiting.containsKey(record.key())) {
            return;
        }
        final CommandResult result;
        try {
            result = codec.decode(record.value(), CommandResult.class);
        } catch (RuntimeException e) {
            // unreadable bytes, an unknown schema, a registry that cannot be reached: this command's outcome is
            // unknown to its caller, and the listener goes on, or every later command would wait in vain
            LOG.warn("cannot read the result of command {}: {}", record.key(), e.toString());
            final List<Waiter> unreadable = waiting.remove(record.key());
            if (unreadable != null) {
                unreadable.forEach(waiter ->
                        waiter.future().completeExceptionally(new CommandResultUnreadableException(record.key(), e)));
            }
            return;
        }
        final List<Waiter> answered = new ArrayList<>(1);
        waiting.computeIfPresent(record.key(), (id, waiters) -> {
            waiters.removeIf(waiter -> waiter.answeredBy(result) && answered.add(waiter));
            return waiters.isEmpty() ? null : waiters;
        });
        answered.forEach(waiter -> waiter.future().complete(result));
    }

    /** One submission waiting: its account, what it asked (a result without a fingerprint answers any request). */
    private record Waiter(String accountId, byte[] fingerprint, CompletableFuture<CommandResult> future) {
        boolean answeredBy(final CommandResult result) {
            return accountId.equals(result.getAccountId())
                    && CommandFingerprint.matches(result.getRequestFingerprint(), fingerprint);
        }
    }

    /** Stops reading; whoever still waits learns that the outcome is unknown. */
    @Override
    public void close() {
        running = false;
        closing.countDown();
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.keySet().forEach(commandId -> {
            final List<Waiter> waiters = waiting.remove(commandId);
            if (waiters != null) {
                waiters.forEach(waiter -> waiter.future()
                        .completeExceptionally(new CommandException(
                                commandId,
                                "the client was closed before the result of command " + commandId + " arrived",
                                null)));
            }
        });
    }
}
