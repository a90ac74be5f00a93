package dev.kes.bench;

import java.util.Map;

/**
 * The ceiling of the broker: one {@code KafkaProducer} with the command path's settings sending N records of a
 * DepositMoney's size (key: an account id, value: an encoded deposit) as fast as it takes them; the rate is
 * records / (first send → last acknowledgement). N is {@code --raw-records} (5 × {@code --records} by default,
 * so that it runs for seconds, not a fraction of one). A warm-up of N/10 records (at most 100 000) goes first,
 * untimed.
 */
final class RawProducerBench {
    private RawProducerBench() {}

    static Result run(final BenchKafka kafka, final BenchOptions options) {
        final String topic = kafka.uniqueName("raw");
        kafka.createTopics(options.partitions(), topic);
        final String[] accounts = Commands.accountIds(options.accounts());
        final byte[] value = Commands.deposit(accounts[0]);
        final Map<String, Object> settings = kafka.producerSettings();
        Loader.send(
                settings,
                topic,
                Math.min(options.rawRecords() / 10, 100_000),
                i -> Commands.random(accounts),
                i -> value);
        final Loader.Sent sent =
                Loader.send(settings, topic, options.rawRecords(), i -> Commands.random(accounts), i -> value);
        return new Result("raw-producer")
                .add("records", "records", sent.records(), "")
                .add("valueBytes", "value size (an encoded DepositMoney)", value.length, "B")
                .add("keyBytes", "key size", Commands.keySize(), "B")
                .add("partitions", "partitions", options.partitions(), "")
                .add("producer", "producer", "acks=all, idempotent, linger.ms=1, batch.size=16384", "")
                .add("elapsedMs", "first send to last ack", Result.round1(sent.elapsedNanos() / 1e6), "ms")
                .add("perSec", "throughput", Math.round(sent.perSecond()) * 1.0, "records/s")
                .add("mbPerSec", "throughput (values)", Result.round1(sent.megabytesPerSecond()), "MiB/s");
    }
}
