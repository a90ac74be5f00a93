package dev.kes.service.mapping;

import dev.kes.domain.Account;
import dev.kes.domain.AccountStatus;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.view.AccountView;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ViewMappingTest {
    private static final Instant OPENED = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-02-10T09:00:00.123Z");

    @ParameterizedTest
    @EnumSource(value = AccountStatus.class, names = {"OPEN", "CLOSED"})
    void anAccountComesBackAsItWasThroughTheStoresSerde(final AccountStatus status) {
        final Account account = new Account("acc-1", "Ada", new BigDecimal("0.00"), 3, status, OPENED, UPDATED);
        final AccountView view = ViewMapping.toAvro(account);
        try (Serde<AccountView> serde = AvroSerdes.of(AccountView.class)) {
            final AccountView stored = serde.deserializer().deserialize("t", serde.serializer().serialize("t", view));

            assertThat(ViewMapping.toDomain(stored)).isEqualTo(account);
        }
        assertThat(view.getStatus().name()).isEqualTo(status.name());
        assertThat(view.getBalance()).isEqualTo(new BigDecimal("0.00"));
    }
}
