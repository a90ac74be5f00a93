package dev.kes.command.http;

import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads every partition of the results topic (committed results only) and completes the futures of the
 * requests waiting on this instance. Each HTTP instance reads all results, so a result is seen wherever its
 * command was submitted; no consumer group, so nothing to rebalance.
 */
final class ResultListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultListener.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final AvroCodec codec;
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
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
        this.thread = new Thread(this::run, "result-listener");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** True once the listener is positioned at the end of every partition: results from then on are seen. */
    boolean awaitReady(final Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isReady() {
        return positioned.getCount() == 0;
    }

    /** Register before sending the command, so that its result cannot arrive unseen. */
    CompletableFuture<CommandResult> expect(final String commandId) {
        return waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    void forget(final String commandId) {
        waiting.remove(commandId);
    }

    private void run() {
        try {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofMinutes(2)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    deliver(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("result listener stopped: HTTP commands will time out", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void deliver(final ConsumerRecord<String, byte[]> record) {
        final CompletableFuture<CommandResult> future = record.key() == null ? null : waiting.remove(record.key());
        if (future == null) {
            return;
        }
        try {
            future.complete(codec.decode(record.value(), CommandResult.class));
        } catch (UnknownSchemaException | MalformedRecordException e) {
            future.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
