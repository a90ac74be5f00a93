package dev.kes.command.testing;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * Where producers of other clients put a keyed record, for the tests of the one-writer-per-partition guard: Java's
 * partitioner (murmur2) and librdkafka's default ({@code consistent_random}, CRC32), and the commands they send.
 */
public final class Placement {
    private Placement() {}

    /** A fresh account id whose CRC32 partition is not its murmur2 one. */
    public static String accountPlacedElsewhereByCrc32(final String prefix, final int partitions) {
        for (int i = 0; ; i++) {
            final String candidate = prefix + "-" + System.nanoTime() + "-" + i;
            if (crc32Partition(candidate, partitions) != murmur2Partition(candidate, partitions)) {
                return candidate;
            }
        }
    }

    /** librdkafka's {@code consistent_random} for a non-empty key: CRC32 of the key bytes modulo the partitions. */
    public static int crc32Partition(final String key, final int partitions) {
        final CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    /** Kafka's Java producer (its built-in partitioner) for a keyed record. */
    public static int murmur2Partition(final String key, final int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** How many partitions {@code topic} has on the cluster. */
    public static int partitionCount(final KafkaTestCluster kafka, final String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        }
    }

    public static OpenAccount open(final String commandId, final String accountId) {
        return TestCommands.open(commandId, accountId, "Ada", "100.00");
    }

    public static DepositMoney deposit(final String commandId, final String accountId, final String amount) {
        return TestCommands.deposit(commandId, accountId, amount, null);
    }
}
