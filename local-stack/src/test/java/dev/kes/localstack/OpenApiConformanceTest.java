package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.command.http.CommandRoutes;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.http.QueryRoutes;
import dev.kes.service.http.OpenApiDocument;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of both services' OpenAPI documents, driven once with a valid request on a real broker (and a few
 * with the requests a client gets wrong most), each answer checked against the document ({@link OpenApiContract}):
 * the documents describe what the services answer when things go right, not only what the fuzz provokes. The
 * operations driven are exactly the documents' operations, so an operation added to a document needs a request here.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConformanceTest {
    private static final String SOURCE = "oa-1";
    private static final String TARGET = "oa-2";
    private static final String EMPTY = "oa-3";

    private final ObjectMapper json = new ObjectMapper();
    private final OpenApiContract commandContract = OpenApiContract.load(CommandRoutes.API_DOCUMENT);
    private final OpenApiContract queryContract = OpenApiContract.load(QueryRoutes.API_DOCUMENT);
    private final Set<String> commandOperations = new TreeSet<>();
    private final Set<String> queryOperations = new TreeSet<>();
    private final List<String> failures = new ArrayList<>();
    private RunningServices services;

    @BeforeAll
    void start(final KafkaTestCluster kafka, @TempDir final Path state) {
        services = RunningServices.start(kafka, state, Map.of());
    }

    @AfterAll
    void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void everyOperationAnswersAsItsDocumentSays() throws Exception {
        final JsonNode opened = command(
                "POST",
                "/accounts",
                "/accounts",
                "{\"accountId\":\"" + SOURCE + "\",\"holder\":\"Ada\",\"initialDeposit\":\"100.00\"}",
                201,
                "Idempotency-Key",
                "oa-open-1");
        command(
                "POST",
                "/accounts",
                "/accounts",
                "{\"accountId\":\"" + TARGET + "\",\"holder\":\"Grace\",\"initialDeposit\":5}",
                201);
        command(
                "POST",
                "/accounts",
                "/accounts",
                "{\"accountId\":\"" + EMPTY + "\",\"holder\":\"Edsger\",\"initialDeposit\":\"0\"}",
                201);
        command(
                "POST",
                "/accounts/{id}/deposits",
                "/accounts/" + SOURCE + "/deposits",
                "{\"amount\":\"10.00\",\"description\":\"salary\"}",
                200,
                "If-Match",
                "\"1\"");
        command(
                "POST",
                "/accounts/{id}/withdrawals",
                "/accounts/" + SOURCE + "/withdrawals",
                "{\"amount\":\"2.50\"}",
                200);
        command("POST", "/accounts/{id}/interest", "/accounts/" + SOURCE + "/interest", "{\"amount\":\"0.10\"}", 200);
        command("POST", "/accounts/{id}/close", "/accounts/" + EMPTY + "/close", null, 200);
        command("DELETE", "/accounts/{id}/personal-data", "/accounts/" + EMPTY + "/personal-data", null, 200);
        command("DELETE", "/accounts/{id}/personal-data", "/accounts/oa-nobody/personal-data", null, 404);
        final JsonNode transfer = command(
                "POST",
                "/transfers",
                "/transfers",
                "{\"fromAccountId\":\"" + SOURCE + "\",\"toAccountId\":\"" + TARGET + "\",\"amount\":\"1.00\"}",
                202,
                "Idempotency-Key",
                "oa-transfer-1");
        // what clients get wrong most: each answer is a documented problem too
        command(
                "POST",
                "/accounts/{id}/withdrawals",
                "/accounts/" + SOURCE + "/withdrawals",
                "{\"amount\":\"1000000.00\"}",
                422);
        command(
                "POST",
                "/accounts/{id}/deposits",
                "/accounts/" + SOURCE + "/deposits",
                "{\"amount\":\"1\"}",
                409,
                "If-Match",
                "\"1\"");
        command(
                "POST",
                "/accounts",
                "/accounts",
                "{\"accountId\":\"" + SOURCE + "\",\"holder\":\"Ada\",\"initialDeposit\":\"1\"}",
                409);
        command("POST", "/accounts/{id}/deposits", "/accounts/oa-none/deposits", "{\"amount\":\"1\"}", 404);
        for (final String shared : List.of("/health/live", "/health/ready", "/metrics", "/openapi.json")) {
            command("GET", shared, shared, null, 200);
        }

        final String position = URLEncoder.encode(transfer.get("position").asText(), StandardCharsets.UTF_8);
        final String source = "/accounts/" + SOURCE;
        final JsonNode account = query("/accounts/{id}", source + "?position=" + position, 200);
        query(
                "/accounts/{id}",
                source,
                304,
                "If-None-Match",
                "\"" + account.get("version").asLong() + "\"");
        query("/accounts/{id}/balance", source + "/balance?at=" + Instant.now().plusSeconds(60), 200);
        query(
                "/accounts/{id}/monthly-snapshots",
                source + "/monthly-snapshots?year=" + Year.now(ZoneOffset.UTC).getValue(),
                200);
        query("/accounts/{id}/events", source + "/events?fromVersion=1&limit=2", 200);
        query("/transfers/{id}", "/transfers/oa-transfer-1?position=" + position, 200);
        query("/events", "/events?limit=3", 200);
        query("/accounts", "/accounts?limit=2", 200);
        query("/accounts", "/accounts?limit=501", 400);
        query("/accounts/{id}", "/accounts/oa-none", 404);
        query("/accounts/{id}/balance", source + "/balance?at=2000-01-01T00:00:00Z", 404);
        query("/transfers/{id}", "/transfers/oa-none", 404);
        query("/events", "/events?after=garbage", 400);
        query("/projection/status", "/projection/status", 200);
        for (final String shared : List.of("/health/live", "/health/ready", "/metrics", "/openapi.json")) {
            query(shared, shared, 200);
        }
        stream();

        assertThat(failures).as("answers the documents do not declare").isEmpty();
        assertThat(opened.get("version").asLong()).isEqualTo(1);
        assertThat(commandOperations)
                .as("command-service operations driven")
                .isEqualTo(OpenApiDocument.load(CommandRoutes.API_DOCUMENT).operations());
        assertThat(queryOperations)
                .as("projection-service operations driven")
                .isEqualTo(OpenApiDocument.load(QueryRoutes.API_DOCUMENT).operations());
    }

    private JsonNode command(
            final String method,
            final String template,
            final String target,
            final String body,
            final int expected,
            final String... headers)
            throws IOException {
        commandOperations.add(method + " " + template);
        return exchange(commandContract, services.commands.httpPort(), method, target, body, expected, headers);
    }

    private JsonNode query(final String template, final String target, final int expected, final String... headers)
            throws IOException {
        queryOperations.add("GET " + template);
        return exchange(queryContract, services.projection.httpPort(), "GET", target, null, expected, headers);
    }

    private JsonNode exchange(
            final OpenApiContract contract,
            final int port,
            final String method,
            final String target,
            final String body,
            final int expected,
            final String... headers)
            throws IOException {
        final StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        final byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(bytes.length)
                    .append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        final byte[] wire = new byte[head.length() + bytes.length];
        System.arraycopy(head.toString().getBytes(StandardCharsets.ISO_8859_1), 0, wire, 0, head.length());
        System.arraycopy(bytes, 0, wire, head.length(), bytes.length);
        final RawHttp.Response response = RawHttp.exchange(port, wire);
        final String what = method + " " + target + " → " + response.status() + " " + response.text();
        assertThat(response.status()).as(what).isEqualTo(expected);
        final String wrong = contract.check(method, target, response.status(), response.headers(), response.body());
        if (wrong != null) {
            failures.add(what + "\n    → " + wrong);
        }
        return response.body().length == 0
                        || !OpenApiContract.mediaType(response.header("Content-Type"))
                                .endsWith("json")
                ? null
                : json.readTree(response.body());
    }

    /** The live stream: its status and media type are checked, then it is closed (it never ends by itself). */
    private void stream() throws Exception {
        queryOperations.add("GET /events/stream");
        final HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final String target = "/events/stream?types=MoneyDeposited&account=" + SOURCE;
        final HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + services.projection.httpPort() + target))
                        .header(
                                "Last-Event-ID",
                                json.readTree(services.queryApi
                                                .get("/events?limit=1")
                                                .body())
                                        .get("position")
                                        .asText())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            final Map<String, String> headers = new HashMap<>();
            response.headers()
                    .map()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            assertThat(response.statusCode()).isEqualTo(200);
            final String wrong = queryContract.check("GET", target, 200, headers, new byte[0]);
            if (wrong != null) {
                failures.add("GET " + target + "\n    → " + wrong);
            }
            // the opening retry: and id: lines arrive before any event
            assertThat(new String(body.readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("retry:");
        }
    }
}
