package dev.kes.service.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.domain.AccountCommand;
import dev.kes.domain.ExpectedVersion;
import dev.kes.schemas.command.CloseAccount;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.TransferMoney;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandMappingTest {
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
    private static final BigDecimal AMOUNT = new BigDecimal("12.50");
    private static final Metadata METADATA = Metadata.newBuilder()
            .setCorrelationId("corr-1")
            .setCausationId("cause-1")
            .setExtra(Map.of("source", "test"))
            .build();

    /** Every command type, with each optional field set in one and left out (null, any version) in another. */
    static List<AccountCommand> commands() {
        return List.of(
                new AccountCommand.OpenAccount("acc-1", ExpectedVersion.noStream(), AT, "Ada", new BigDecimal("0.00")),
                new AccountCommand.OpenAccount("acc-1", ExpectedVersion.any(), null, "Ada", AMOUNT),
                new AccountCommand.DepositMoney("acc-1", ExpectedVersion.exactly(3), AT, AMOUNT, "salary"),
                new AccountCommand.DepositMoney("acc-1", ExpectedVersion.any(), null, AMOUNT, null),
                new AccountCommand.WithdrawMoney("acc-1", ExpectedVersion.exactly(4), AT, AMOUNT, "rent"),
                new AccountCommand.WithdrawMoney("acc-1", ExpectedVersion.any(), null, AMOUNT, null),
                new AccountCommand.AddInterest("acc-1", ExpectedVersion.exactly(5), AT, AMOUNT),
                new AccountCommand.AddInterest("acc-1", ExpectedVersion.any(), null, AMOUNT),
                new AccountCommand.CloseAccount("acc-1", ExpectedVersion.exactly(6), AT),
                new AccountCommand.CloseAccount("acc-1", ExpectedVersion.any(), null),
                new AccountCommand.TransferMoney(
                        "acc-1", ExpectedVersion.exactly(7), AT, "cmd-1", "acc-2", AMOUNT, "split"),
                new AccountCommand.TransferMoney("acc-1", ExpectedVersion.any(), null, "cmd-1", "acc-2", AMOUNT, null),
                new AccountCommand.CreditTransfer(
                        "acc-2", ExpectedVersion.exactly(2), AT, "t-1", "acc-1", AMOUNT, "split"),
                new AccountCommand.CreditTransfer("acc-2", ExpectedVersion.any(), null, "t-1", "acc-1", AMOUNT, null),
                new AccountCommand.RefundTransfer(
                        "acc-1", ExpectedVersion.exactly(8), AT, "t-1", "acc-2", AMOUNT, "account closed"),
                new AccountCommand.RefundTransfer(
                        "acc-1", ExpectedVersion.any(), null, "t-1", "acc-2", AMOUNT, "account closed"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandComesBackAsItWasWithItsEnvelope(final AccountCommand command) {
        final SpecificRecord avro = CommandMapping.toAvro(command, "cmd-1", METADATA);

        assertThat(avro.getSchema().getName()).isEqualTo(command.getClass().getSimpleName());
        assertThat(CommandMapping.toDomain(avro))
                .contains(new IncomingCommand(
                        "cmd-1", command.accountId(), command.getClass().getSimpleName(), METADATA, command, null));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandSurvivesTheWireEncoding(final AccountCommand command) {
        final AvroCodec codec = AvroCodec.shipped();
        final SpecificRecord decoded = codec.decode(codec.encode(CommandMapping.toAvro(command, "cmd-1", METADATA)));

        assertThat(CommandMapping.toDomain(decoded).orElseThrow().command()).isEqualTo(command);
    }

    @Test
    void anExpectedVersionIsNullForAnyAndTheVersionOtherwise() {
        final AccountCommand any = new AccountCommand.CloseAccount("acc-1", ExpectedVersion.any(), null);
        final AccountCommand none = new AccountCommand.CloseAccount("acc-1", ExpectedVersion.noStream(), null);
        final AccountCommand exact = new AccountCommand.CloseAccount("acc-1", ExpectedVersion.exactly(9), null);

        assertThat(((CloseAccount) CommandMapping.toAvro(any, "c", METADATA)).getExpectedVersion())
                .isNull();
        assertThat(((CloseAccount) CommandMapping.toAvro(none, "c", METADATA)).getExpectedVersion())
                .isZero();
        assertThat(((CloseAccount) CommandMapping.toAvro(exact, "c", METADATA)).getExpectedVersion())
                .isEqualTo(9L);
    }

    @Test
    void aTransferMoneysCommandIdIsItsTransferId() {
        final AccountCommand transfer =
                new AccountCommand.TransferMoney("acc-1", ExpectedVersion.any(), null, "t-9", "acc-2", AMOUNT, null);

        assertThat(((TransferMoney) CommandMapping.toAvro(transfer, "t-9", METADATA)).getCommandId())
                .isEqualTo("t-9");
        assertThatThrownBy(() -> CommandMapping.toAvro(transfer, "another-id", METADATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transferId");
    }

    @Test
    void aCommandWithoutMetadataGetsAnEmptyOne() {
        final DepositMoney avro = new DepositMoney("cmd-1", "acc-1", null, null, null, AMOUNT, null);

        assertThat(CommandMapping.toDomain(avro).orElseThrow().metadata())
                .isEqualTo(Metadata.newBuilder().build());
    }

    @Test
    void anInvalidContentKeepsItsEnvelopeAndTheReason() {
        final DepositMoney avro = new DepositMoney("cmd-1", "acc-1", -1L, null, METADATA, AMOUNT, null);

        assertThat(CommandMapping.toDomain(avro))
                .contains(new IncomingCommand(
                        "cmd-1",
                        "acc-1",
                        "DepositMoney",
                        METADATA,
                        null,
                        "expected version must be 0 or more, got -1"));
    }

    @Test
    void anInvalidContentWithoutMetadataGetsAnEmptyOne() {
        final DepositMoney avro = new DepositMoney("cmd-1", "acc-1", -5L, null, null, AMOUNT, null);

        final IncomingCommand in = CommandMapping.toDomain(avro).orElseThrow();
        assertThat(in.command()).isNull();
        assertThat(in.metadata()).isEqualTo(Metadata.newBuilder().build());
        assertThat(in.invalidReason()).contains("-5");
    }

    @Test
    void aRecordThatIsNoCommandIsNothingEvenWithACommandIdAndAnAccountId() {
        final MoneyDeposited event = new MoneyDeposited("e-1", "acc-1", 2L, AT, METADATA, AMOUNT, null, AMOUNT);
        final CommandResult result = CommandResult.newBuilder()
                .setCommandId("cmd-1")
                .setAccountId("acc-1")
                .setCommandType("DepositMoney")
                .setOutcome(Outcome.ACCEPTED)
                .setVersion(2L)
                .setProcessedAt(AT)
                .build();

        assertThat(CommandMapping.toDomain(event)).isEmpty();
        assertThat(CommandMapping.toDomain(result)).isEmpty();
    }
}
