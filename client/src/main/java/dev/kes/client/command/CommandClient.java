package dev.kes.client.command;

import dev.kes.schemas.contract.CommandFingerprint;
import dev.kes.schemas.contract.DefaultTopics;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.serde.AvroCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Submits Avro commands straight to Kafka and hands back their results, for producers that do not go through HTTP
 * (the HTTP API is built on this client too).
 *
 * <p>{@link #submit} appends the command to the commands topic (key = its accountId, value = its Avro single-object
 * encoding, or the schema-registry framing with {@code schema.registry.url}; idempotent producer, {@code acks=all}) and completes with the {@link CommandResult} that the command
 * service writes to the results topic (key = commandId), read with {@code read_committed}. A rejected command is a
 * result like any other ({@code outcome = REJECTED}); the future fails only when the outcome is not known:
 * {@link CommandTimeoutException} after the timeout, {@link CommandSendException} when the command certainly did not
 * reach Kafka, {@link CommandAppendUnknownException} when Kafka reported a failure after taking it (it may have been
 * written), {@link CommandResultUnreadableException} when its result was written but cannot be read here. All name
 * the commandId, and resubmitting the same command is always safe (commandIds are deduplicated).
 *
 * <p>The producer reports a failure on the caller's thread, inside {@code send}, only before the record enters its
 * buffer (no metadata within {@code max.block.ms}, buffer full, record too large for the client, serialization,
 * closed): those are certain. Everything it reports later, from its I/O thread, is ambiguous: a delivery timeout, a
 * disconnect or a failed retry may follow an attempt that the broker did append.
 *
 * <pre>{@code
 * try (CommandClient client = CommandClient.builder()
 *         .kafka(Map.of("bootstrap.servers", "broker:9092"))
 *         .build()) {
 *     CommandResult result = client.submit(deposit).get();
 * }
 * }</pre>
 *
 * <p>Thread-safe; meant to be shared. Futures complete on the client's own threads, like Kafka producer callbacks:
 * run slow work in {@code *Async} stages.
 */
public final class CommandClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducer<String, byte[]> producer;
    private final ResultListener results;
    private final ScheduledThreadPoolExecutor timer;
    private final AvroCodec codec;
    private final String commandsTopic;
    private final String resultsTopic;
    private final Duration timeout;
    private volatile boolean closed;

    private CommandClient(
            final Map<String, Object> kafka,
            final String commandsTopic,
            final String resultsTopic,
            final Duration timeout,
            final AvroCodec codec) {
        this.codec = codec;
        this.commandsTopic = commandsTopic;
        this.resultsTopic = resultsTopic;
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(
                producerProperties(kafka, timeout), new StringSerializer(), new ByteArraySerializer());
        try {
            this.results = new ResultListener(kafka, resultsTopic, codec);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            final Thread thread = new Thread(task, "kes-command-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        // answered commands cancel their timeout: do not keep them queued until it would have fired
        this.timer.setRemoveOnCancelPolicy(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Appends the command and waits, asynchronously, for its result. Blocks the caller only as long as a Kafka
     * producer's {@code send} does (metadata, full buffer; bounded by {@code max.block.ms}), and right after
     * {@link Builder#build()} until the result listener is positioned.
     *
     * @param command one of the command types of {@code dev.kes.schemas.command}
     * @throws IllegalArgumentException when the record is not a command or cannot be encoded
     * @throws IllegalStateException    when the client is closed
     */
    public CompletableFuture<CommandResult> submit(final SpecificRecord command) {
        return submit(command, null);
    }

    /**
     * As {@link #submit(SpecificRecord)}, the record carrying {@code headers} too (e.g. a W3C {@code traceparent},
     * which the command service continues); null: none.
     */
    public CompletableFuture<CommandResult> submit(final SpecificRecord command, final Iterable<Header> headers) {
        Objects.requireNonNull(command, "command");
        if (closed) {
            throw new IllegalStateException("the command client is closed");
        }
        final byte[] value = codec.encode(command);
        final CommandEnvelope envelope = CommandEnvelope.of(command)
                .orElseThrow(() ->
                        new IllegalArgumentException("a " + command.getSchema().getFullName() + " is not a command"));
        final String commandId = envelope.commandId();
        final String accountId = envelope.accountId();
        if (commandId == null || accountId == null) {
            throw new IllegalArgumentException("a command needs a commandId and an accountId");
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        final CompletableFuture<CommandResult> result =
                results.expect(commandId, accountId, CommandFingerprint.of(command));
        final ScheduledFuture<?> expiry;
        try {
            expiry = timer.schedule(
                    () -> result.completeExceptionally(new CommandTimeoutException(commandId, timeout)),
                    timeout.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            results.forget(commandId, result);
            throw new IllegalStateException("the command client is closed", e);
        }
        result.whenComplete((answer, failure) -> {
            expiry.cancel(false);
            results.forget(commandId, result);
        });
        if (closed) {
            // close() ran meanwhile and may have failed the waiting commands before this one registered
            result.completeExceptionally(new CommandSendException(commandId, "the client was closed", null));
            return result;
        }
        if (!awaitListener(deadline)) {
            result.completeExceptionally(new CommandSendException(
                    commandId, "not listening to " + resultsTopic + " yet, so its result could be missed", null));
            return result;
        }
        final Thread caller = Thread.currentThread();
        final AtomicBoolean sending = new AtomicBoolean(true);
        try {
            producer.send(new ProducerRecord<>(commandsTopic, null, accountId, value, headers), (metadata, failure) -> {
                if (failure != null) {
                    // only a failure reported inside send(), on this thread, comes before the record was buffered
                    result.completeExceptionally(
                            sending.get() && Thread.currentThread() == caller
                                    ? new CommandSendException(commandId, failure.toString(), failure)
                                    : new CommandAppendUnknownException(commandId, failure));
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            // serialization, interrupted metadata wait, or the producer is closed: the record was never buffered
            result.completeExceptionally(new CommandSendException(commandId, e.toString(), e));
        } finally {
            sending.set(false);
        }
        return result;
    }

    private boolean awaitListener(final long deadline) {
        if (results.isReady()) {
            return true;
        }
        try {
            return results.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once results of newly submitted commands are sure to be seen. */
    public boolean isReady() {
        return !closed && results.isReady();
    }

    public boolean awaitReady(final Duration wait) throws InterruptedException {
        return results.awaitReady(wait) && !closed;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Flushes commands being sent, then fails whatever still waits with a {@link CommandException}. */
    @Override
    public void close() {
        closed = true;
        producer.close(Duration.ofSeconds(5));
        results.close();
        timer.shutdownNow();
    }

    /** The caller's producer settings, with what the contract needs forced and timeouts derived from ours. */
    static Map<String, Object> producerProperties(final Map<String, Object> kafka, final Duration timeout) {
        final Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        // a send that cannot even start (no metadata) must fail before the result timeout: it is then known unsent
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(5_000L, timeout.toMillis() / 2));
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000L, timeout.toMillis() / 2));
        // give up sending a second before the result timeout, so that a send failure is reported as such
        props.putIfAbsent(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2_000L, timeout.toMillis() - 1_000L));
        return props;
    }

    /** Kafka client properties (at least {@code bootstrap.servers}), topic names and the result timeout. */
    public static final class Builder {
        private final Map<String, Object> kafka = new HashMap<>();
        private String commandsTopic = DefaultTopics.COMMANDS;
        private String resultsTopic = DefaultTopics.RESULTS;
        private Duration timeout = DEFAULT_TIMEOUT;
        private AvroCodec codec;

        private Builder() {}

        /**
         * Any Kafka client properties (security, client.id …), given to both the producer and the consumer; and, as
         * Confluent's serdes take them, {@code schema.registry.url} (with {@code basic.auth.user.info}) to write
         * commands in the schema-registry framing.
         */
        public Builder kafka(final Map<String, ?> properties) {
            kafka.putAll(properties);
            return this;
        }

        /** The commands topic to append to and the results topic to read, when not the defaults. */
        public Builder topics(final String commands, final String results) {
            this.commandsTopic = Objects.requireNonNull(commands, "commands");
            this.resultsTopic = Objects.requireNonNull(results, "results");
            return this;
        }

        /** How long {@link #submit} waits for a result before failing with {@link CommandTimeoutException}. */
        public Builder timeout(final Duration wait) {
            if (wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, got " + wait);
            }
            this.timeout = wait;
            return this;
        }

        /** The codec to write commands with and read results with (e.g. the one a service already built). */
        public Builder codec(final AvroCodec avroCodec) {
            this.codec = Objects.requireNonNull(avroCodec, "codec");
            return this;
        }

        /**
         * @throws dev.kes.schemas.registry.SchemaRegistryException if {@code schema.registry.url} is given and the
         *     registry cannot be reached (the message names the URL)
         */
        public CommandClient build() {
            if (!kafka.containsKey("bootstrap.servers")) {
                throw new IllegalArgumentException("the Kafka properties need bootstrap.servers");
            }
            return new CommandClient(
                    Codecs.withoutRegistrySettings(kafka),
                    commandsTopic,
                    resultsTopic,
                    timeout,
                    codec != null ? codec : Codecs.fromConfig(kafka));
        }
    }
}
