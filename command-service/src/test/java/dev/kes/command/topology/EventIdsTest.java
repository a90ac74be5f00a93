package dev.kes.command.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Event ids are the name-based UUIDs of (accountId, commandId, index): the same for a command processed again after a
 * crash, and distinct for every event, even when one commandId is sent to several accounts.
 */
class EventIdsTest {
    @Test
    void areTheNameBasedUuidsOfAccountCommandIdAndIndex() {
        final EventIds ids = new EventIds();
        for (int n = 0; n < 1_000; n++) {
            final String commandId = UUID.randomUUID().toString();
            for (int index = 0; index < 3; index++) {
                assertThat(ids.of("acc-" + n, commandId, index))
                        .isEqualTo(UUID.nameUUIDFromBytes(
                                        ("acc-" + n + "#" + commandId + "#" + index).getBytes(StandardCharsets.UTF_8))
                                .toString());
            }
        }
        assertThat(ids.of("acc-1", "c-ü", 0))
                .isEqualTo(UUID.nameUUIDFromBytes("acc-1#c-ü#0".getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    @Test
    void areTheSameOnEveryProcessingOfACommand() {
        assertThat(new EventIds().of("acc-1", "pay-1", 0)).isEqualTo(new EventIds().of("acc-1", "pay-1", 0));
    }

    @Test
    void differForOneCommandIdOnSeveralAccountsAndForEachEventOfACommand() {
        final EventIds ids = new EventIds();
        final Set<String> seen = new HashSet<>();
        for (int account = 0; account < 100; account++) {
            for (int index = 0; index < 3; index++) {
                assertThat(seen.add(ids.of("acc-" + account, "pay-1", index))).isTrue();
            }
        }
    }
}
