package dev.kes.client.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.OldWriter;
import dev.kes.schemas.serde.UnknownSchemaException;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The serdes an outside app puts on the kes topics: each reads what the services write, and only its own family. */
class SerdesTest {
    private static final Instant AT = Instant.parse("2026-02-01T09:00:00Z");
    private static final String EVENTS = "account-events";
    private static final String COMMANDS = "account-commands";

    private final EventSerde events = new EventSerde();
    private final CommandSerde commands = new CommandSerde();

    @Test
    void anEventMakesTheRoundTripAndIsTheServicesEncoding() {
        final MoneyDeposited deposited = deposited();

        final byte[] bytes = events.serializer().serialize(EVENTS, deposited);

        assertThat(bytes).isEqualTo(AvroCodec.shipped().encode(deposited));
        assertThat(events.deserializer().deserialize(EVENTS, bytes)).isEqualTo(deposited);
    }

    @Test
    void anOldEventIsReadUpcastAsTheServicesReadIt() {
        // MoneyDeposited v1, written by an old writer: its description is normalised by the v1 → v2 upcaster
        final SpecificRecord read =
                events.deserializer().deserialize(EVENTS, OldWriter.v1Deposit("acc-1", 2, "  rent  "));

        assertThat(read).isInstanceOfSatisfying(MoneyDeposited.class, e -> {
            assertThat(e.getDescription()).isEqualTo("rent");
            assertThat(e.getAmount()).isEqualByComparingTo("12.34");
        });
    }

    @Test
    void aCommandMakesTheRoundTrip() {
        final DepositMoney deposit = deposit();

        assertThat(commands.deserializer()
                        .deserialize(COMMANDS, commands.serializer().serialize(COMMANDS, deposit)))
                .isEqualTo(deposit);
    }

    @Test
    void eachSerdeRefusesTheOtherFamily() {
        final byte[] commandBytes = commands.serializer().serialize(COMMANDS, deposit());
        final byte[] eventBytes = events.serializer().serialize(EVENTS, deposited());

        assertThatThrownBy(() -> events.serializer().serialize(EVENTS, deposit()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DepositMoney is not an event");
        assertThatThrownBy(() -> commands.serializer().serialize(COMMANDS, deposited()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MoneyDeposited is not a command");
        assertThatThrownBy(() -> events.deserializer().deserialize(EVENTS, commandBytes))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("expected an event");
        assertThatThrownBy(() -> commands.deserializer().deserialize(COMMANDS, eventBytes))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("expected a command");
    }

    @Test
    void brokenBytesAndTombstones() {
        assertThatThrownBy(() -> events.deserializer()
                        .deserialize(EVENTS, new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(UnknownSchemaException.class);
        assertThatThrownBy(() -> events.deserializer().deserialize(EVENTS, new byte[] {1, 2}))
                .isInstanceOf(MalformedRecordException.class);
        assertThat(events.serializer().serialize(EVENTS, null)).isNull();
        assertThat(commands.deserializer().deserialize(COMMANDS, null)).isNull();
    }

    @Test
    void aResultMakesTheRoundTrip() {
        final CommandResultSerde results = new CommandResultSerde();
        final CommandResult result = CommandResult.newBuilder()
                .setCommandId("c-1")
                .setAccountId("acc-1")
                .setCommandType("DepositMoney")
                .setOutcome(Outcome.ACCEPTED)
                .setVersion(2L)
                .setBalance(new BigDecimal("3.00"))
                .setEventCount(1)
                .setRejection(null)
                .setProcessedAt(AT)
                .setRequestFingerprint(null)
                .build();

        assertThat(results.deserializer().deserialize("r", results.serializer().serialize("r", result)))
                .isEqualTo(result);
    }

    private static Metadata metadata() {
        return Metadata.newBuilder().build();
    }

    private static MoneyDeposited deposited() {
        return MoneyDeposited.newBuilder()
                .setEventId("e-1")
                .setAccountId("acc-1")
                .setVersion(2L)
                .setOccurredAt(AT)
                .setMetadata(metadata())
                .setAmount(new BigDecimal("1.00"))
                .setDescription("salary")
                .setBalanceAfter(new BigDecimal("3.00"))
                .build();
    }

    private static DepositMoney deposit() {
        return DepositMoney.newBuilder()
                .setCommandId("c-1")
                .setAccountId("acc-1")
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(metadata())
                .setAmount(new BigDecimal("1.00"))
                .setDescription("salary")
                .build();
    }
}
