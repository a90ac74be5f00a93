package dev.kes.projection.topology;

import static dev.kes.projection.topology.TestEvents.closed;
import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.projection.store.EventKey;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The event-index read model: an account's events by version, as their original bytes. */
class EventIndexTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @AutoClose
    private final ProjectionDriver driver = new ProjectionDriver();

    @Test
    void keepsEveryEventsOriginalBytesInVersionOrder() {
        driver.pipe(opened("a", T0, "10"));
        driver.pipe(deposited("a", 2, T0, "5"));
        driver.pipe(withdrawn("a", 3, T0.plusSeconds(1), "15"));
        driver.pipe(closed("a", 4, T0.plusSeconds(2)));
        final List<KeyValue<EventKey, byte[]>> events = driver.indexedEvents("a");
        assertThat(events).extracting(kv -> kv.key.version()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.get(1).value).isEqualTo(driver.encode(deposited("a", 2, T0, "5")));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        driver.pipe(opened("a", T0, "10"));
        driver.pipe(deposited("a", 2, T0, "5"));
        // same version, other content: the first one stays, as in every other read model
        driver.pipe(deposited("a", 2, T0, "7"));
        assertThat(driver.indexedEvents("a")).hasSize(2);
        assertThat(driver.indexedEvents("a").get(1).value).isEqualTo(driver.encode(deposited("a", 2, T0, "5")));
        assertThat(driver.counter(ProjectionMetrics.DUPLICATES, StoreNames.EVENT_INDEX))
                .isEqualTo(1);
    }

    @Test
    void aGapIsCountedAndTheEventIndexed() {
        driver.pipe(opened("a", T0, "10"));
        driver.pipe(deposited("a", 4, T0, "5"));
        assertThat(driver.indexedEvents("a")).extracting(kv -> kv.key.version()).containsExactly(1L, 4L);
        assertThat(driver.counter(ProjectionMetrics.GAPS, StoreNames.EVENT_INDEX))
                .isEqualTo(1);
    }
}
