package dev.kes.command.http;

import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.http.Problem;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request/reply over Kafka for the HTTP API: appends the command to {@code account-commands} (key = accountId)
 * and waits for its result on {@code account-command-results}. Unavailable Kafka is a 503; a result not seen in
 * time is a 504 that names the commandId, safe to retry with the same Idempotency-Key.
 */
public final class CommandGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandGateway.class);

    private final KafkaProducer<String, byte[]> producer;
    private final ResultListener results;
    private final AvroCodec codec;
    private final String commandsTopic;
    private final Duration timeout;

    public CommandGateway(final Map<String, Object> kafka, final String commandsTopic, final String resultsTopic,
                          final AvroCodec codec, final Duration timeout) {
        final Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(5_000L, timeout.toMillis()));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000L, timeout.toMillis() / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2_000L, timeout.toMillis()));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.results = new ResultListener(kafka, resultsTopic, codec);
        this.codec = codec;
        this.commandsTopic = commandsTopic;
        this.timeout = timeout;
    }

    public boolean awaitReady(final Duration wait) throws InterruptedException {
        return results.awaitReady(wait);
    }

    public boolean isReady() {
        return results.isReady();
    }

    public CommandResult submit(final String commandId, final String accountId, final SpecificRecord command) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final CompletableFuture<CommandResult> result = results.expect(commandId);
        try {
            producer.send(new ProducerRecord<>(commandsTopic, accountId, codec.encode(command)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            results.forget(commandId);
            LOG.warn("command {} could not be appended: {}", commandId, e.toString());
            throw Problem.of(503, "kafka-unavailable", "Event store unavailable",
                            "the command could not be appended; retry with the same Idempotency-Key")
                    .with("commandId", commandId).exception();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            results.forget(commandId);
            throw outcomeUnknown(commandId);
        }
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw outcomeUnknown(commandId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw outcomeUnknown(commandId);
        } finally {
            results.forget(commandId);
        }
    }

    private static RuntimeException outcomeUnknown(final String commandId) {
        return Problem.of(504, "outcome-unknown", "Outcome not known in time",
                        "the command was appended but its result was not seen in time; retrying with the same "
                                + "Idempotency-Key returns its outcome and never applies it twice")
                .with("commandId", commandId).exception();
    }

    @Override
    public void close() {
        results.close();
        producer.close(Duration.ofSeconds(5));
    }
}
