package dev.kes.command.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.kes.client.command.CommandClient;
import dev.kes.command.CommandMetrics;
import dev.kes.command.testing.TopicReader;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.http.Problem;
import dev.kes.service.http.ProblemException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway's in-flight bound on a real broker, with no processor behind the topics: a command beyond the bound is
 * refused at once and not sent, and a slot comes back when its command ends without a result (timed out, never sent,
 * client closed). Were one kept, the bound of 1 would refuse every later command.
 */
@WithKafka
class CommandGatewayTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void beyondTheBoundACommandIsRefusedUnsentAndATimedOutCommandFreesItsSlot(final KafkaTestCluster kafka) {
        final String commands = TestNames.unique("gateway-commands");
        final String results = TestNames.unique("gateway-results");
        kafka.createTopic(commands, 1, Map.of());
        kafka.createTopic(results, 1, Map.of());
        try (CommandGateway gateway = gateway(kafka, commands, results, Duration.ofSeconds(3))) {
            await().atMost(Duration.ofSeconds(30)).until(gateway::isReady);

            final CompletableFuture<?> first = gateway.submit("gw-1", deposit("gw-1"), Runnable::run);
            final Problem refused = catchThrowableOfType(
                            ProblemException.class, () -> gateway.submit("gw-2", deposit("gw-2"), Runnable::run))
                    .problem();

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.type()).isEqualTo("urn:kes:problem:overloaded");
            assertThat(refused.extensions()).containsEntry("commandId", "gw-2");
            assertThat(gateway.inFlight()).isEqualTo(1);
            assertThat(failure(first)).satisfies(problem -> {
                assertThat(problem.status()).isEqualTo(504);
                assertThat(problem.type()).isEqualTo("urn:kes:problem:outcome-unknown");
            });
            assertThat(gateway.inFlight()).isZero();
            final CompletableFuture<?> third = gateway.submit("gw-3", deposit("gw-3"), Runnable::run);
            assertThat(failure(third).status()).isEqualTo(504);
            assertThat(gateway.inFlight()).isZero();
        }
        assertThat(TopicReader.readAll(kafka, commands))
                .extracting(r -> commandId(r.value()))
                .as("the refused command was never sent")
                .containsExactly("gw-1", "gw-3");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCommandThatCannotBeSentFreesItsSlot(final KafkaTestCluster kafka) {
        final String results = TestNames.unique("gateway-results");
        kafka.createTopic(results, 1, Map.of());
        // no such commands topic (and no auto-creation): each send gives up waiting for its metadata
        try (CommandGateway gateway =
                gateway(kafka, TestNames.unique("gateway-missing"), results, Duration.ofSeconds(2))) {
            await().atMost(Duration.ofSeconds(30)).until(gateway::isReady);
            for (final String commandId : new String[] {"gw-unsent-1", "gw-unsent-2"}) {
                final Problem problem = failure(gateway.submit(commandId, deposit(commandId), Runnable::run));
                assertThat(problem.type()).as(commandId).isEqualTo("urn:kes:problem:kafka-unavailable");
                assertThat(gateway.inFlight()).isZero();
            }
        }
    }

    @Test
    void aClosedGatewayAnswersUnavailableAndKeepsNoSlot(final KafkaTestCluster kafka) {
        final String results = TestNames.unique("gateway-results");
        kafka.createTopic(results, 1, Map.of());
        final CommandGateway gateway =
                gateway(kafka, TestNames.unique("gateway-commands"), results, Duration.ofSeconds(2));
        gateway.close();

        final Problem problem = failure(gateway.submit("gw-closed", deposit("gw-closed"), Runnable::run));

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.type()).isEqualTo("urn:kes:problem:kafka-unavailable");
        assertThat(gateway.inFlight()).isZero();
    }

    private static CommandGateway gateway(
            final KafkaTestCluster kafka, final String commands, final String results, final Duration timeout) {
        return new CommandGateway(
                CommandClient.builder()
                        .kafka(kafka.clientProperties())
                        .topics(commands, results)
                        .timeout(timeout)
                        .build(),
                1,
                CommandMetrics.unexposed());
    }

    private static Problem failure(final CompletableFuture<?> answer) {
        final CompletionException failed = catchThrowableOfType(CompletionException.class, answer::join);
        assertThat(failed).as("the answer failed").isNotNull().hasCauseInstanceOf(ProblemException.class);
        return ((ProblemException) failed.getCause()).problem();
    }

    private static String commandId(final byte[] value) {
        return ((DepositMoney) AvroCodec.shipped().decode(value)).getCommandId().toString();
    }

    private static DepositMoney deposit(final String commandId) {
        return DepositMoney.newBuilder()
                .setCommandId(commandId)
                .setAccountId("gw-account")
                .setExpectedVersion(null)
                .setOccurredAt(null)
                .setMetadata(Metadata.newBuilder().build())
                .setAmount(new BigDecimal("1.00"))
                .setDescription(null)
                .build();
    }
}
