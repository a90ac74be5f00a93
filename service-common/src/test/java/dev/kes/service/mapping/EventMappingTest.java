package dev.kes.service.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.domain.AccountEvent;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventMappingTest {
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.250Z");
    private static final BigDecimal AMOUNT = new BigDecimal("12.50");
    private static final BigDecimal AFTER = new BigDecimal("112.50");
    private static final Metadata METADATA = Metadata.newBuilder()
            .setCorrelationId("corr-1")
            .setCausationId("cmd-1")
            .build();

    /** Every event type, with its optional fields set in one and null in another. */
    static List<AccountEvent> events() {
        return List.of(
                new AccountEvent.AccountOpened("acc-1", 1, AT, "Ada", AMOUNT),
                new AccountEvent.MoneyDeposited("acc-1", 2, AT, AMOUNT, "salary", AFTER),
                new AccountEvent.MoneyDeposited("acc-1", 2, AT, AMOUNT, null, null),
                new AccountEvent.MoneyWithdrawn("acc-1", 3, AT, AMOUNT, "rent", AFTER),
                new AccountEvent.MoneyWithdrawn("acc-1", 3, AT, AMOUNT, null, null),
                new AccountEvent.InterestAdded("acc-1", 4, AT, AMOUNT),
                new AccountEvent.AccountClosed("acc-1", 5, AT),
                new AccountEvent.TransferDebited("acc-1", 6, AT, "t-1", "acc-2", AMOUNT, "split", AFTER),
                new AccountEvent.TransferDebited("acc-1", 6, AT, "t-1", "acc-2", AMOUNT, null, AFTER),
                new AccountEvent.TransferCredited("acc-2", 2, AT, "t-1", "acc-1", AMOUNT, "split", AFTER),
                new AccountEvent.TransferCredited("acc-2", 2, AT, "t-1", "acc-1", AMOUNT, null, AFTER),
                new AccountEvent.TransferRefunded("acc-1", 7, AT, "t-1", "acc-2", AMOUNT, "account closed", AFTER));
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventComesBackAsItWas(final AccountEvent event) {
        final SpecificRecord avro = EventMapping.toAvro(event, "e-1", METADATA);

        assertThat(avro.getSchema().getName()).isEqualTo(event.getClass().getSimpleName());
        assertThat(avro.get(avro.getSchema().getField("eventId").pos())).isEqualTo("e-1");
        assertThat(avro.get(avro.getSchema().getField("metadata").pos())).isEqualTo(METADATA);
        assertThat(EventMapping.toDomain(avro)).contains(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventSurvivesTheWireEncoding(final AccountEvent event) {
        final AvroCodec codec = AvroCodec.shipped();

        assertThat(EventMapping.toDomain(codec.decode(codec.encode(EventMapping.toAvro(event, "e-1", METADATA)))))
                .contains(event);
    }

    @Test
    void aRecordThatIsNoAccountEventIsNothing() {
        final CommandResult result = CommandResult.newBuilder()
                .setCommandId("cmd-1")
                .setAccountId("acc-1")
                .setCommandType("DepositMoney")
                .setOutcome(Outcome.ACCEPTED)
                .setVersion(2L)
                .setEventCount(1)
                .setProcessedAt(AT)
                .build();

        assertThat(EventMapping.toDomain(result)).isEmpty();
    }
}
