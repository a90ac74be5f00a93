package dev.kes.projection.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** What a bulk build's store holds back and when it writes: each key once, with its last value. */
class BufferedChangelogStoreTest {
    private final List<String> writes = new ArrayList<>();

    private BufferedChangelogStore<String, String> store(final int capacity) {
        // keys "account/month": a month is done once the account's next month starts
        return new BufferedChangelogStore<>(
                new ProjectionStores.Spec<>("months", Serdes.String(), Serdes.String(), true),
                "app",
                0,
                capacity,
                value -> false,
                key -> key.substring(0, key.indexOf('/')),
                (topic, partition, key, value) -> writes.add(text(key) + "=" + text(value)));
    }

    @Test
    void aKeyIsWrittenOnceAnotherKeyOfItsGroupIsPutWithItsLastValue() {
        final BufferedChangelogStore<String, String> months = store(100);
        months.put("a/01", "1");
        months.put("b/01", "1");
        months.put("a/01", "2");
        assertThat(writes).isEmpty();

        months.put("a/02", "3");
        assertThat(writes).containsExactly("a/01=2");
        assertThat(months.get("a/01")).isNull();
        assertThat(months.approximateNumEntries()).isEqualTo(2);

        months.flush();
        assertThat(writes).containsExactlyInAnyOrder("a/01=2", "b/01=1", "a/02=3");
    }

    @Test
    void aKeyWrittenOutToMakeRoomIsNotWrittenAgainWhenItsGroupMovesOn() {
        final BufferedChangelogStore<String, String> months = store(1);
        months.put("a/01", "1");
        // makes room: a/01 is written as the least recently used
        months.put("b/01", "1");
        assertThat(writes).containsExactly("a/01=1");

        months.put("a/02", "2");
        months.flush();
        assertThat(writes).containsExactly("a/01=1", "b/01=1", "a/02=2");
    }

    private static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
