package dev.kes.bench;

import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.kafka.EventTopic;
import dev.kes.service.kafka.TopicProvisioner;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * An events topic created as the services create it and loaded with {@link EventHistory}'s N events of M accounts,
 * checked to hold exactly those: what every projection benchmark replays.
 *
 * @param end    the topic's end offsets after the load
 * @param events the records the topic holds (= N)
 */
record LoadedEvents(EventHistory history, Loader.Sent sent, Map<TopicPartition, Long> end, long events) {

    static LoadedEvents load(
            final BenchKafka kafka, final BenchOptions options, final String topic, final short replicationFactor)
            throws InterruptedException {
        return load(kafka, options, topic, replicationFactor, AvroCodec.shipped());
    }

    /** The same, the events encoded with {@code codec}. */
    static LoadedEvents load(
            final BenchKafka kafka,
            final BenchOptions options,
            final String topic,
            final short replicationFactor,
            final AvroCodec codec)
            throws InterruptedException {
        TopicProvisioner.ensure(
                kafka.admin(), List.of(EventTopic.spec(topic, options.partitions(), replicationFactor)));
        kafka.awaitServed(List.of(topic));
        final EventHistory history = EventHistory.generate(options.records(), options.accounts());
        final Loader.Sent sent = Loader.send(
                kafka.producerSettings(),
                topic,
                history.events(),
                history::key,
                i -> history.value(i, codec),
                history::timestamp);
        final Map<TopicPartition, Long> end = CatchUpWatcher.endOffsets(kafka.admin(), topic);
        final long events = end.values().stream().mapToLong(Long::longValue).sum();
        if (events != history.events()) {
            throw new IllegalStateException(topic + " holds " + events + " records, expected " + history.events());
        }
        return new LoadedEvents(history, sent, end, events);
    }

    /** The rows that describe the load, as every projection benchmark's table starts. */
    Result describe(final Result result, final BenchOptions options) {
        final long[] mix = history.mix();
        return result.add("events", "account events (pre-loaded)", events, "")
                .add("accounts", "accounts", options.accounts(), "")
                .add(
                        "mix",
                        "opened / deposited / withdrawn / interest",
                        mix[0] + " / " + mix[1] + " / " + mix[2] + " / " + mix[3],
                        "")
                .add("meanValueBytes", "mean event size", Result.round1((double) sent.valueBytes() / events), "B");
    }
}
