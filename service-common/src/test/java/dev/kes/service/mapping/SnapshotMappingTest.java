package dev.kes.service.mapping;

import dev.kes.domain.Account;
import dev.kes.domain.AccountStatus;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.state.AccountSnapshot;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotMappingTest {
    private static final Instant OPENED = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-02-10T09:00:00.123Z");

    @ParameterizedTest
    @EnumSource(value = AccountStatus.class, names = {"OPEN", "CLOSED"})
    void anAccountComesBackAsItWasThroughTheStoresSerde(final AccountStatus status) {
        final Account account = new Account("acc-1", "Ada", new BigDecimal("1234.50"), 7, status, OPENED, UPDATED);
        final AccountSnapshot snapshot = SnapshotMapping.toAvro(account);
        try (Serde<AccountSnapshot> serde = AvroSerdes.of(AccountSnapshot.class)) {
            final AccountSnapshot stored = serde.deserializer().deserialize("t",
                    serde.serializer().serialize("t", snapshot));

            assertThat(SnapshotMapping.toDomain(stored)).isEqualTo(account);
        }
        assertThat(snapshot.getStatus().name()).isEqualTo(status.name());
        assertThat(snapshot.getVersion()).isEqualTo(7L);
    }
}
