package dev.kes.command.topology;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Event ids stay exactly what they were (UUID.nameUUIDFromBytes), so events reprocessed after a crash match. */
class EventIdsTest {
    @Test
    void areTheNameBasedUuidsOfCommandIdAndIndex() {
        final EventIds ids = new EventIds();
        for (int n = 0; n < 1_000; n++) {
            final String commandId = UUID.randomUUID().toString();
            for (int index = 0; index < 3; index++) {
                assertThat(ids.of(commandId, index)).isEqualTo(UUID.nameUUIDFromBytes(
                        (commandId + "#" + index).getBytes(StandardCharsets.UTF_8)).toString());
            }
        }
        assertThat(ids.of("c-ü", 0)).isEqualTo(
                UUID.nameUUIDFromBytes("c-ü#0".getBytes(StandardCharsets.UTF_8)).toString());
    }
}
