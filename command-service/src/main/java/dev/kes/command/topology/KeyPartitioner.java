package dev.kes.command.topology;

import java.nio.charset.StandardCharsets;

/**
 * The partition Kafka's Java producer gives a keyed record by default: {@code toPositive(murmur2(key bytes)) %
 * partitions}, the key being the UTF-8 bytes of a string ({@code StringSerializer}). The command processor uses it to
 * refuse a command that another partitioner (librdkafka's CRC32 {@code consistent_random}, say) placed on a partition
 * that does not own its account. Ported from {@code org.apache.kafka.common.utils.Utils.murmur2}, which is not public
 * API; {@code KeyPartitionerTest} holds the two together.
 */
public final class KeyPartitioner {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private KeyPartitioner() {}

    /** The partition of {@code partitions} that Kafka's default partitioner assigns this string key. */
    public static int partition(final String key, final int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        return (murmur2(key.getBytes(StandardCharsets.UTF_8)) & 0x7fffffff) % partitions;
    }

    static int murmur2(final byte[] data) {
        final int length = data.length;
        int h = SEED ^ length;
        final int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            final int at = i * 4;
            int k = (data[at] & 0xff)
                    + ((data[at + 1] & 0xff) << 8)
                    + ((data[at + 2] & 0xff) << 16)
                    + ((data[at + 3] & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        final int tail = blocks * 4;
        switch (length % 4) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
