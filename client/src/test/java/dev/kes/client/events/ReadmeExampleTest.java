package dev.kes.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.event.MoneyDeposited;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The example of client/README.md "Event subscription" runs, and is the code printed there. */
@WithKafka
class ReadmeExampleTest {
    private static final Path README = Path.of("README.md");
    private static final Path SOURCE = Path.of("src/test/java/dev/kes/client/events/ReadmeExampleTest.java");
    private static final String TEST_ONLY = "// (test only)";

    @Test
    void theExampleKeepsTheLatestBalanceOfEachAccount(final KafkaTestCluster kafka) throws Exception {
        try (EventsTopic events = new EventsTopic(kafka, "readme", 2)) {
            events.deposit(0, "acc-1", 1);
            events.deposit(0, "acc-1", 2);
            events.deposit(1, "acc-2", 1);
            final String bootstrapServers = kafka.bootstrapServers();
            final String topic = events.name();
            final String group = TestNames.unique("balances");

            // README:begin
            Map<String, BigDecimal> balances = new ConcurrentHashMap<>();
            AppliedVersions applied = AppliedVersions.inMemory(); // in production: a table updated with your rows
            EventSubscription subscription = EventSubscription.builder()
                    .kafka(Map.of("bootstrap.servers", bootstrapServers))
                    .topic(topic) // account-events by default
                    .groupId(group) // checkpoint after the handler; without a group: every partition, no commits
                    .fromBeginning() // or fromInstant(instant), from(Position.parse(token)): where nothing is committed
                    .handler(EventHandlers.idempotentByVersion(applied, event -> {
                        if (event.event() instanceof MoneyDeposited deposited) {
                            balances.put(event.accountId(), deposited.getBalanceAfter());
                        }
                    }))
                    .build();
            subscription.start(); // reads on a thread of its own; run() would read on this one
            awaitBothAccounts(balances, applied); // (test only)
            // ... and when the application stops:
            subscription.close(); // from any thread: commits what was handled, then stops
            // README:end

            assertThat(balances).containsOnlyKeys("acc-1", "acc-2");
            assertThat(balances.get("acc-1")).isEqualByComparingTo("2.00");
            assertThat(balances.get("acc-2")).isEqualByComparingTo("1.00");
        }
    }

    @Test
    void theReadmePrintsTheExampleThatRuns() throws IOException {
        final List<String> source = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
        final List<String> example = source
                .subList(source.indexOf("            // README:begin") + 1, source.indexOf("            // README:end"))
                .stream()
                .filter(line -> !line.contains(TEST_ONLY))
                .map(line -> line.substring(Math.min(12, line.length())))
                .toList();

        assertThat(javaBlocks(Files.readString(README, StandardCharsets.UTF_8)))
                .as("a java block of %s is the example between the README markers of %s", README, SOURCE)
                .contains(String.join("\n", example));
    }

    private static List<String> javaBlocks(final String markdown) {
        return Arrays.stream(markdown.split("```java\n", -1))
                .skip(1)
                .map(part -> part.substring(0, part.indexOf("```")).stripTrailing())
                .toList();
    }

    private static void awaitBothAccounts(final Map<String, BigDecimal> balances, final AppliedVersions applied) {
        await().atMost(Duration.ofSeconds(30)).until(() -> balances.size() == 2 && applied.lastApplied("acc-1") == 2);
    }
}
