package dev.kes.command;

import static dev.kes.command.testing.TestCommands.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.client.command.CommandClient;
import dev.kes.command.testing.CommandServiceFixture;
import dev.kes.command.testing.StoredEvent;
import dev.kes.command.testing.TestCommands;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.CreditTransfer;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.OpenAccount;
import dev.kes.schemas.command.TransferMoney;
import dev.kes.schemas.command.WithdrawMoney;
import dev.kes.schemas.contract.TransferCommandIds;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.result.RejectionCode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka ingestion without HTTP, against the running service: Avro commands in through {@link CommandClient}, results
 * and events out. What the client does on its own (timeouts, closing) is tested in the client module.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandClientTest {
    @AutoClose
    private CommandServiceFixture app;

    @AutoClose
    private CommandClient client;

    private KafkaTestCluster kafka;

    @BeforeAll
    void start(final KafkaTestCluster cluster, @TempDir final Path state) {
        kafka = cluster;
        app = CommandServiceFixture.start(kafka, "client", state);
        client = CommandClient.builder()
                .kafka(kafka.clientProperties())
                .topics(app.topics().commands(), app.topics().results())
                .build();
    }

    @Test
    void aSubmittedCommandIsAnsweredAndItsEventsAreAppended() throws Exception {
        final CommandResult opened =
                client.submit(open("cl-open-1", "client-1", "40.00")).get(30, TimeUnit.SECONDS);
        final CommandResult deposited =
                client.submit(deposit("cl-dep-1", "client-1", "2.50", 1L)).get(30, TimeUnit.SECONDS);

        assertThat(opened.getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(opened.getVersion()).isEqualTo(1);
        assertThat(deposited.getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(deposited.getCommandId()).isEqualTo("cl-dep-1");
        assertThat(deposited.getCommandType()).isEqualTo("DepositMoney");
        assertThat(deposited.getVersion()).isEqualTo(2);
        assertThat(deposited.getBalance()).isEqualByComparingTo("42.50");
        assertThat(deposited.getEventCount()).isEqualTo(1);

        final List<StoredEvent> events = app.events("client-1");
        assertThat(events).extracting(StoredEvent::key).containsOnly("client-1");
        assertThat(events).extracting(StoredEvent::causationId).containsExactly("cl-open-1", "cl-dep-1");
        assertThat(events.get(1).event()).isInstanceOfSatisfying(AccountEvent.MoneyDeposited.class, e -> {
            assertThat(e.amount()).isEqualByComparingTo("2.50");
            assertThat(e.description()).isEqualTo("via Kafka");
        });
    }

    /** A transfer's debit and credit are commands like any other: no transfer-specific API in the client. */
    @Test
    void aTransferIsSubmittedAndAnsweredLikeAnyCommand() throws Exception {
        client.submit(open("cl-open-5", "client-5", "30.00")).get(30, TimeUnit.SECONDS);
        client.submit(open("cl-open-6", "client-6", "0")).get(30, TimeUnit.SECONDS);

        final CommandResult debited = client.submit(TransferMoney.newBuilder()
                        .setCommandId("cl-tr-5")
                        .setAccountId("client-5")
                        .setExpectedVersion(1L)
                        .setOccurredAt(null)
                        .setMetadata(metadata())
                        .setToAccountId("client-6")
                        .setAmount(new BigDecimal("12.00"))
                        .setDescription(null)
                        .build())
                .get(30, TimeUnit.SECONDS);
        final CommandResult credited = client.submit(CreditTransfer.newBuilder()
                        .setCommandId(TransferCommandIds.credit("cl-tr-5"))
                        .setAccountId("client-6")
                        .setExpectedVersion(null)
                        .setOccurredAt(null)
                        .setMetadata(metadata())
                        .setTransferId("cl-tr-5")
                        .setFromAccountId("client-5")
                        .setAmount(new BigDecimal("12.00"))
                        .setDescription(null)
                        .build())
                .get(30, TimeUnit.SECONDS);

        assertThat(debited.getOutcome()).as(String.valueOf(debited)).isEqualTo(Outcome.ACCEPTED);
        assertThat(debited.getCommandType()).isEqualTo("TransferMoney");
        assertThat(debited.getBalance()).isEqualByComparingTo("18.00");
        assertThat(credited.getOutcome()).as(String.valueOf(credited)).isEqualTo(Outcome.ACCEPTED);
        assertThat(credited.getBalance()).isEqualByComparingTo("12.00");
        assertThat(app.events("client-5").get(1).event()).isInstanceOf(AccountEvent.TransferDebited.class);
        assertThat(app.events("client-6").get(1).event()).isInstanceOf(AccountEvent.TransferCredited.class);
    }

    @Test
    void aRejectionIsAResultNotAFailure() throws Exception {
        client.submit(open("cl-open-2", "client-2", "1.00")).get(30, TimeUnit.SECONDS);

        final CommandResult overdraw = client.submit(WithdrawMoney.newBuilder()
                        .setCommandId("cl-wd-2")
                        .setAccountId("client-2")
                        .setExpectedVersion(null)
                        .setOccurredAt(null)
                        .setMetadata(metadata())
                        .setAmount(new BigDecimal("5.00"))
                        .setDescription(null)
                        .build())
                .get(30, TimeUnit.SECONDS);
        final CommandResult conflict =
                client.submit(deposit("cl-dep-2", "client-2", "1.00", 9L)).get(30, TimeUnit.SECONDS);

        assertThat(overdraw.getOutcome()).isEqualTo(Outcome.REJECTED);
        assertThat(overdraw.getRejection().getCode()).isEqualTo(RejectionCode.INSUFFICIENT_FUNDS);
        assertThat(conflict.getRejection().getCode()).isEqualTo(RejectionCode.CONFLICT);
        assertThat(conflict.getRejection().getCurrentVersion()).isEqualTo(1L);
        assertThat(app.events("client-2")).hasSize(1);
    }

    @Test
    void manyCommandsInFlightAtOnceAreEachAnswered() throws Exception {
        client.submit(open("cl-open-3", "client-3", "0")).get(30, TimeUnit.SECONDS);

        final List<CompletableFuture<CommandResult>> futures = IntStream.range(0, 25)
                .mapToObj(i -> client.submit(deposit("cl-dep-3-" + i, "client-3", "1.00", null)))
                .toList();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(futures)
                .extracting(f -> f.join().getVersion())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(2, 26).mapToObj(Long::valueOf).toList());
        assertThat(futures)
                .extracting(f -> f.join().getCommandId())
                .containsExactlyElementsOf(
                        IntStream.range(0, 25).mapToObj(i -> "cl-dep-3-" + i).toList());
    }

    private static OpenAccount open(final String commandId, final String accountId, final String deposit) {
        return TestCommands.open(commandId, accountId, "Kafka Producer", deposit);
    }

    private static DepositMoney deposit(
            final String commandId, final String accountId, final String amount, final Long expectedVersion) {
        return TestCommands.deposit(commandId, accountId, amount, expectedVersion, "via Kafka");
    }
}
