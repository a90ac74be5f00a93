package dev.kes.admin.testing;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Offsets on the test cluster, keyed by partition in partition order so that maps compare and print readably. */
public final class Offsets {
    /** The order of the maps here: one events topic, so the partition number alone. */
    public static final Comparator<TopicPartition> BY_PARTITION = Comparator.comparingInt(TopicPartition::partition);

    private Offsets() {}

    /** What {@code group} has committed, per partition. */
    public static Map<TopicPartition, Long> committed(final Admin admin, final String group) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        final Map<TopicPartition, Long> committed = new TreeMap<>(BY_PARTITION);
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        return committed;
    }
}
