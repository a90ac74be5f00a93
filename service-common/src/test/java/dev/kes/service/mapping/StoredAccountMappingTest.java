package dev.kes.service.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.domain.Account;
import dev.kes.domain.AccountStatus;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.schemas.view.AccountView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SnapshotMapping (the account-state store) and ViewMapping (the balances store): the two stored forms of Account. */
class StoredAccountMappingTest {
    private static final Instant OPENED = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-02-10T09:00:00.123Z");

    /** Each form's round trip through its mapping and its store's serde. */
    static Stream<Arguments> roundTrips() {
        final UnaryOperator<Account> snapshot =
                account -> SnapshotMapping.toDomain(stored(AccountSnapshot.class, SnapshotMapping.toAvro(account)));
        final UnaryOperator<Account> view =
                account -> ViewMapping.toDomain(stored(AccountView.class, ViewMapping.toAvro(account)));
        return Stream.of(AccountStatus.OPEN, AccountStatus.CLOSED)
                .flatMap(status ->
                        Stream.of(Arguments.of("snapshot", snapshot, status), Arguments.of("view", view, status)));
    }

    @ParameterizedTest(name = "{0} of an {2} account")
    @MethodSource("roundTrips")
    void anAccountComesBackAsItWas(
            final String form, final UnaryOperator<Account> roundTrip, final AccountStatus status) {
        for (final Account account : List.of(
                new Account("acc-1", "Ada", new BigDecimal("1234.50"), 7, status, OPENED, UPDATED),
                new Account("acc-2", "Bob", new BigDecimal("0.00"), 1, status, OPENED, OPENED))) {
            assertThat(roundTrip.apply(account)).isEqualTo(account);
        }
    }

    @Test
    void bothFormsHoldTheSameFields() {
        final Account account =
                new Account("acc-1", "Ada", new BigDecimal("5.00"), 3, AccountStatus.CLOSED, OPENED, UPDATED);
        final AccountSnapshot snapshot = SnapshotMapping.toAvro(account);
        final AccountView view = ViewMapping.toAvro(account);

        assertThat(snapshot)
                .isEqualTo(new AccountSnapshot(
                        "acc-1",
                        "Ada",
                        new BigDecimal("5.00"),
                        3L,
                        dev.kes.schemas.common.AccountStatus.CLOSED,
                        OPENED,
                        UPDATED,
                        false));
        assertThat(view)
                .isEqualTo(new AccountView(
                        "acc-1",
                        "Ada",
                        new BigDecimal("5.00"),
                        3L,
                        dev.kes.schemas.common.AccountStatus.CLOSED,
                        OPENED,
                        UPDATED,
                        false));
    }

    private static <T extends SpecificRecord> T stored(final Class<T> type, final T record) {
        try (Serde<T> serde = AvroSerdes.of(type)) {
            return serde.deserializer()
                    .deserialize("store-changelog", serde.serializer().serialize("store-changelog", record));
        }
    }
}
