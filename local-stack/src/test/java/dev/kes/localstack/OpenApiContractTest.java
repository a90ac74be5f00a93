package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.command.http.CommandRoutes;
import dev.kes.projection.http.QueryRoutes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judge the fuzz and the conformance test rely on refuses what the documents do not declare. */
class OpenApiContractTest {
    private static final OpenApiContract COMMANDS = OpenApiContract.load(CommandRoutes.API_DOCUMENT);
    private static final OpenApiContract QUERIES = OpenApiContract.load(QueryRoutes.API_DOCUMENT);
    private static final Map<String, String> JSON = Map.of("content-type", "application/json", "etag", "\"2\"");
    private static final Map<String, String> PROBLEM = Map.of("content-type", "application/problem+json");
    private static final String ACCEPTED =
            "{\"accountId\":\"a\",\"version\":2,\"balance\":\"1.00\"," + "\"commandId\":\"c\",\"position\":\"p\"}";

    @Test
    void aDeclaredAnswerPasses() {
        assertThat(COMMANDS.check("POST", "/accounts/a/deposits", 200, JSON, bytes(ACCEPTED)))
                .isNull();
        assertThat(COMMANDS.check(
                        "POST", "/accounts/a/withdrawals", 422, PROBLEM, bytes(problem(422, "insufficient-funds"))))
                .isNull();
        assertThat(QUERIES.check("GET", "/accounts/a", 304, Map.of("etag", "\"2\""), new byte[0]))
                .isNull();
    }

    @Test
    void anUndeclaredStatusFails() {
        assertThat(COMMANDS.check("POST", "/accounts/a/deposits", 201, JSON, bytes(ACCEPTED)))
                .contains("status 201 is not declared");
    }

    @Test
    void anUndeclaredContentTypeFails() {
        assertThat(COMMANDS.check(
                        "POST",
                        "/accounts/a/deposits",
                        200,
                        Map.of("content-type", "text/html", "etag", "\"2\""),
                        bytes(ACCEPTED)))
                .contains("Content-Type text/html");
    }

    @Test
    void aBodyOutsideItsSchemaFails() {
        assertThat(COMMANDS.check(
                        "POST", "/accounts/a/deposits", 200, JSON, bytes(ACCEPTED.replace("\"version\":2,", ""))))
                .contains("version");
        assertThat(COMMANDS.check(
                        "POST", "/accounts/a/deposits", 200, JSON, bytes(ACCEPTED.replace("}", ",\"extra\":1}"))))
                .contains("extra");
        assertThat(COMMANDS.check(
                        "POST", "/accounts/a/deposits", 200, JSON, bytes(ACCEPTED.replace("\"1.00\"", "1.0"))))
                .contains("balance");
    }

    @Test
    void aProblemTypeTheStatusDoesNotDeclareFails() {
        assertThat(COMMANDS.check(
                        "POST", "/accounts/a/deposits", 422, PROBLEM, bytes(problem(422, "insufficient-funds"))))
                .as("a deposit is never refused for funds")
                .contains("enumeration");
        assertThat(COMMANDS.check(
                        "POST", "/accounts/a/deposits", 422, PROBLEM, bytes(problem(409, "insufficient-funds"))))
                .contains("status");
    }

    @Test
    void aMissingRequiredHeaderFails() {
        assertThat(COMMANDS.check(
                        "POST",
                        "/accounts/a/deposits",
                        200,
                        Map.of("content-type", "application/json"),
                        bytes(ACCEPTED)))
                .contains("ETag");
        assertThat(COMMANDS.check(
                        "POST", "/accounts/a/deposits", 503, PROBLEM, bytes(problem(503, "kafka-unavailable"))))
                .contains("Retry-After");
    }

    @Test
    void requestsOutsideTheDocumentMustBeItsRulesProblems() {
        assertThat(COMMANDS.check("PUT", "/accounts", 405, PROBLEM, bytes(problem(405, "method-not-allowed"))))
                .isNull();
        assertThat(COMMANDS.check("post", "/accounts", 200, JSON, bytes(ACCEPTED)))
                .contains("status 200");
        assertThat(QUERIES.check("GET", "/nowhere/x", 404, PROBLEM, bytes(problem(404, "not-found"))))
                .isNull();
        assertThat(QUERIES.check("GET", "/nowhere/x", 200, JSON, bytes("{}"))).contains("status 200");
        assertThat(QUERIES.check("GET", "/nowhere/x", 404, JSON, bytes("{}"))).contains("Content-Type");
    }

    private static String problem(final int status, final String kind) {
        return "{\"type\":\"urn:kes:problem:" + kind + "\",\"title\":\"t\",\"status\":" + status + "}";
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
