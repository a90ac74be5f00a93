package dev.kes.admin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.domain.AccountEvent;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.projection.ProjectionService;
import dev.kes.service.kafka.TopicNames;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Accounts of three events each, for the tests that rebuild a projection and compare its balances before and after.
 */
public final class ProjectedAccounts {
    /** When the first account is opened; its deposit is an hour later, its withdrawal two. */
    public static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectedAccounts() {}

    /** Account {@code i} is opened with 100 + i, gets 10 and gives i + 1 (the fourth ends at 109.00), i s after BASE. */
    public static List<AccountEvent> history(final List<String> accounts) {
        final List<AccountEvent> events = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            final String id = accounts.get(i);
            events.add(new AccountEvent.AccountOpened(id, 1, BASE.plusSeconds(i), "Holder " + i, money(100 + i)));
            events.add(new AccountEvent.MoneyDeposited(id, 2, BASE.plusSeconds(3600 + i), money(10), null));
            events.add(new AccountEvent.MoneyWithdrawn(id, 3, BASE.plusSeconds(7200 + i), money(i + 1)));
        }
        return events;
    }

    /** Creates the events topic of {@code topics} and writes the {@link #history} of {@code accounts} to it. */
    public static List<RecordMetadata> write(
            final KafkaTestCluster kafka, final TopicNames topics, final List<String> accounts) throws Exception {
        EventsTopic.create(kafka, topics);
        try (EventWriter writer = new EventWriter(kafka, topics.events())) {
            return writer.events(history(accounts));
        }
    }

    /** accountId → balance, once the projection answers every account at version 3. */
    public static Map<String, String> awaitBalances(final ProjectionService projection, final List<String> accounts) {
        final Map<String, String> balances = new TreeMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (final String id : accounts) {
                final JsonNode account = get(projection, "/accounts/" + id);
                assertThat(account.path("version").asLong()).as(id).isEqualTo(3);
                balances.put(id, account.get("balance").asText());
            }
        });
        return balances;
    }

    private static JsonNode get(final ProjectionService projection, final String path)
            throws IOException, InterruptedException {
        final HttpResponse<String> response = Http.get(projection.httpPort(), path);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    private static BigDecimal money(final int amount) {
        return BigDecimal.valueOf(amount).setScale(2);
    }
}
