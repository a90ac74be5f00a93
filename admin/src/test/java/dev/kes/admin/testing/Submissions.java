package dev.kes.admin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.client.command.CommandClient;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.service.kafka.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/** Commands submitted to a running command service over Kafka, and their results checked. */
public final class Submissions {
    private Submissions() {}

    public static CommandClient client(final KafkaTestCluster kafka, final TopicNames topics) {
        return CommandClient.builder()
                .kafka(kafka.clientProperties())
                .topics(topics.commands(), topics.results())
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    /** One command per account, submitted together; returns once every one is accepted. */
    public static void submitAll(
            final CommandClient client, final List<String> accounts, final Function<String, SpecificRecord> command)
            throws Exception {
        final List<CompletableFuture<CommandResult>> results =
                accounts.stream().map(id -> client.submit(command.apply(id))).toList();
        for (final CompletableFuture<CommandResult> result : results) {
            accepted(result);
        }
    }

    public static CommandResult accepted(final CompletableFuture<CommandResult> future) throws Exception {
        final CommandResult result = future.get(30, TimeUnit.SECONDS);
        assertThat(result.getOutcome()).as(String.valueOf(result)).isEqualTo(Outcome.ACCEPTED);
        return result;
    }
}
