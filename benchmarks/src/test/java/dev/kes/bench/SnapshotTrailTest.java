package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.domain.Account;
import dev.kes.domain.AccountDecider;
import dev.kes.domain.AccountEvent;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.mapping.EventMapping;
import dev.kes.service.mapping.SnapshotMapping;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class SnapshotTrailTest {
    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void eachSnapshotIsTheAccountReplayedUpToItsEvent() {
        final EventHistory events = EventHistory.perAccount(5, 12);
        final EventHistory same = EventHistory.perAccount(5, 12);
        final SnapshotTrail trail = new SnapshotTrail(same, "changelog");
        final Map<String, List<AccountEvent>> histories = new HashMap<>();
        for (int i = 0; i < events.events(); i++) {
            final AccountEvent event =
                    EventMapping.toDomain(codec.decode(events.value(i))).orElseThrow();
            histories.computeIfAbsent(events.key(i), id -> new ArrayList<>()).add(event);
            final AccountSnapshot snapshot = codec.decode(trail.value(i), AccountSnapshot.class);
            final Account replayed = AccountDecider.replay(events.key(i), histories.get(events.key(i)));
            assertThat(SnapshotMapping.toDomain(snapshot)).isEqualTo(replayed);
        }
        for (int a = 0; a < 5; a++) {
            final AccountSnapshot last = codec.decode(trail.current(a), AccountSnapshot.class);
            assertThat(last.getVersion()).isEqualTo(12);
        }
    }

    @Test
    void snapshotsAreAskedForInOrder() {
        final SnapshotTrail trail = new SnapshotTrail(EventHistory.perAccount(2, 3), "changelog");
        trail.value(0);
        assertThatThrownBy(() -> trail.value(2)).hasMessageContaining("the next is 1");
    }

    @Test
    void accountsGoWhereTheProducerPutsThem() {
        for (final String id : Commands.accountIds(200)) {
            assertThat(ChangelogCompaction.partitionOf(id, 6))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), 6));
        }
    }
}
