package dev.kes.projection.http;

import static dev.kes.projection.topology.TestEvents.deposited;
import static dev.kes.projection.topology.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /accounts} on one instance over a real broker: every account of every partition, in accountId order,
 * a page at a time, and a 400 problem for a bad cursor or limit.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountListTest {
    private static final int ACCOUNTS = 11;
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> ids = new ArrayList<>();
    private ProjectionService service;
    private TestHttp api;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) throws Exception {
        final String prefix = TestNames.unique("account-list");
        service = TestProjections.start(kafka, prefix, 3, state);
        api = new TestHttp(service.httpPort());
        final List<SpecificRecord> events = new ArrayList<>();
        // produced out of order: the listing orders them, whatever partition and offset they have
        for (int i = ACCOUNTS - 1; i >= 0; i--) {
            final String id = String.format("list-%02d", i);
            ids.add(0, id);
            events.add(opened(id, Instant.parse("2025-03-01T10:00:00Z"), "10"));
        }
        events.add(deposited("list-03", 2, Instant.parse("2025-03-02T10:00:00Z"), "5"));
        TestProducer.produce(kafka, TopicNames.prefixed(prefix).events(), events);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(body(api.get("/accounts?limit=500")).get("accounts")).hasSize(ACCOUNTS);
        });
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void pagesThroughEveryAccountInIdOrder() throws Exception {
        final List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            final HttpResponse<String> page = api.get("/accounts?limit=4" + (after == null ? "" : "&after=" + after));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.headers().firstValue(AccountRouting.STANDBY_HEADER)).isEmpty();
            final JsonNode body = body(page);
            body.get("accounts")
                    .forEach(account -> seen.add(account.get("accountId").asText()));
            after = body.hasNonNull("next") ? body.get("next").asText() : null;
            pages++;
        } while (after != null);
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void answersTheAccountViewsWithTheDefaultLimitAndNoNextOnTheLastPage() throws Exception {
        final JsonNode body = body(api.get("/accounts"));
        assertThat(body.get("accounts")).hasSize(ACCOUNTS);
        assertThat(body.has("next")).isFalse();
        final JsonNode three = body.get("accounts").get(3);
        assertThat(three.get("accountId").asText()).isEqualTo("list-03");
        assertThat(three.get("balance").asText()).isEqualTo("15.00");
        assertThat(three.get("version").asLong()).isEqualTo(2);
        assertThat(three.get("status").asText()).isEqualTo("OPEN");
        assertThat(three.get("holder").asText()).isNotBlank();
    }

    @Test
    void aCursorThatIsNoAccountStartsAfterWhereItWouldBe() throws Exception {
        final JsonNode body = body(api.get("/accounts?after=list-05x&limit=2"));
        assertThat(body.get("accounts"))
                .extracting(a -> a.get("accountId").asText())
                .containsExactly("list-06", "list-07");
        assertThat(body.get("next").asText()).isEqualTo("list-07");
        assertThat(body(api.get("/accounts?after=list-10")).get("accounts")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"limit=0", "limit=501", "limit=ten", "limit=-1", "after=has%20space", "after=%C3%A9t%C3%A9"})
    void aBadCursorOrLimitIsA400Problem(final String query) throws Exception {
        final HttpResponse<String> answer = api.get("/accounts?" + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(body(answer).get("type").asText()).isEqualTo("urn:kes:problem:invalid-request");
    }

    @Test
    void aForwardedListingNeedsThePartitionsToRead() throws Exception {
        final HttpResponse<String> answer = api.get("/accounts", PeerForwarder.FORWARDED_HEADER, "true");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        final HttpResponse<String> some = api.get(
                "/accounts?limit=500",
                PeerForwarder.FORWARDED_HEADER,
                "true",
                AccountListHandler.PARTITIONS_HEADER,
                "0,2");
        assertThat(some.statusCode()).as(some.body()).isEqualTo(200);
        final HttpResponse<String> none =
                api.get("/accounts", PeerForwarder.FORWARDED_HEADER, "true", AccountListHandler.PARTITIONS_HEADER, "7");
        assertThat(none.statusCode()).as(none.body()).isEqualTo(503);
    }

    private JsonNode body(final HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }
}
