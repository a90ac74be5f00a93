package dev.kes.command.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The port of murmur2 places every key where Kafka's Java producer does (its partitioner uses Utils.murmur2). */
class KeyPartitionerTest {
    @Test
    void givesTheDefaultPartitionersPartitionForAnyKeyAndCount() {
        final Random random = new Random(11);
        for (int n = 0; n < 20_000; n++) {
            final String key = randomKey(random);
            final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            assertThat(KeyPartitioner.murmur2(bytes)).as(key).isEqualTo(Utils.murmur2(bytes));
            final int partitions = 1 + random.nextInt(64);
            assertThat(KeyPartitioner.partition(key, partitions))
                    .as("%s of %d", key, partitions)
                    .isEqualTo(Utils.toPositive(Utils.murmur2(bytes)) % partitions);
        }
    }

    @Test
    void refusesATopicWithoutPartitions() {
        assertThatThrownBy(() -> KeyPartitioner.partition("acc-1", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** 0 to 40 characters, ASCII and beyond (multi-byte UTF-8), so every tail length is met. */
    private static String randomKey(final Random random) {
        final StringBuilder key = new StringBuilder();
        final int length = random.nextInt(41);
        for (int i = 0; i < length; i++) {
            key.append(
                    random.nextInt(4) == 0
                            ? (char) (0xA0 + random.nextInt(0x2000))
                            : (char) (0x21 + random.nextInt(94)));
        }
        return key.toString();
    }
}
