package dev.kes.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST API as Confluent's clients use it, against one registry on a real broker, through a plain HTTP client:
 * every answer checked for its status, its Confluent error code and its body.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaRegistryApiTest {
    private SchemaRegistryServer server;
    private RegistryHttp http;

    @BeforeAll
    void start(final KafkaTestCluster kafka) {
        server = SchemaRegistryServer.start(SchemaRegistryConfig.of(kafka.bootstrapServers())
                .withTopic(TestNames.unique("_schemas"))
                .withPort(0));
        http = new RegistryHttp(server.url());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registersLooksUpAndServesASchemaByIdAndBySubjectVersion() {
        final String subject = TestNames.unique("test.events.Deposited");
        final RegistryHttp.Response registered =
                http.post("/subjects/" + subject + "/versions?normalize=false", RegistryHttp.schemaBody(Schemas.V1));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
        assertThat(registered.contentType()).startsWith(RegistryRoutes.MEDIA_TYPE);
        final int id = registered.json().get("id").asInt();
        assertThat(id).isPositive();
        final String canonical = new Schema.Parser().parse(Schemas.V1).toString();

        final JsonNode lookup = http.post(
                        "/subjects/" + subject + "?normalize=false&deleted=false", RegistryHttp.schemaBody(Schemas.V1))
                .json();
        assertThat(lookup.get("subject").asText()).isEqualTo(subject);
        assertThat(lookup.get("id").asInt()).isEqualTo(id);
        assertThat(lookup.get("version").asInt()).isEqualTo(1);
        assertThat(lookup.get("schema").asText()).isEqualTo(canonical);

        final RegistryHttp.Response byId = http.get("/schemas/ids/" + id + "?subject=" + subject);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json().get("schema").asText()).isEqualTo(canonical);
        assertThat(byId.json().has("schemaType"))
                .as("left out for AVRO, as Confluent does")
                .isFalse();
        assertThat(http.get("/schemas/ids/" + id + "/versions").json().toString())
                .contains("{\"subject\":\"" + subject + "\",\"version\":1}");
        assertThat(http.get("/schemas/ids/" + id + "/schema").json()).isEqualTo(readTree(canonical));

        final int id2 = http.register(subject, Schemas.V2);
        assertThat(id2).isNotEqualTo(id);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString())
                .isEqualTo("[1,2]");
        final JsonNode latest =
                http.get("/subjects/" + subject + "/versions/latest").json();
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(id2);
        assertThat(http.get("/subjects/" + subject + "/versions/-1").json()).isEqualTo(latest);
        assertThat(http.get("/subjects/" + subject + "/versions/1?deleted=false")
                        .json()
                        .get("id")
                        .asInt())
                .isEqualTo(id);
        assertThat(http.get("/subjects/" + subject + "/versions/2/schema").json())
                .isEqualTo(readTree(new Schema.Parser().parse(Schemas.V2).toString()));
        assertThat(http.get("/subjects").json().toString()).contains("\"" + subject + "\"");
        assertThat(http.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void anIdenticalSchemaGetsItsIdAndVersionBackAndAnotherSubjectSharesTheId() {
        final String subject = TestNames.unique("same");
        final int id = http.register(subject, Schemas.V1);
        assertThat(http.register(subject, Schemas.V1_REFORMATTED)).isEqualTo(id);
        assertThat(http.register(subject, Schemas.V1)).isEqualTo(id);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString())
                .isEqualTo("[1]");

        final String other = TestNames.unique("other");
        assertThat(http.register(other, Schemas.V1))
                .as("ids are per schema, as in Confluent")
                .isEqualTo(id);
        assertThat(http.get("/schemas/ids/" + id + "/versions").json()).hasSize(2);
    }

    @Test
    void anIncompatibleSchemaIsRefusedWith409AndTheCompatibilityEndpointSaysWhy() {
        final String subject = TestNames.unique("compat");
        http.register(subject, Schemas.V1);

        final RegistryHttp.Response check = http.post(
                "/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
                RegistryHttp.schemaBody(Schemas.REQUIRED_FIELD));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().get("messages").toString()).contains("currency");
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/1", RegistryHttp.schemaBody(Schemas.V2))
                        .json()
                        .get("is_compatible")
                        .asBoolean())
                .isTrue();

        final RegistryHttp.Response refused =
                http.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(Schemas.REQUIRED_FIELD));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error_code").asInt()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains(subject);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString())
                .isEqualTo("[1]");

        // NONE lets it through: the level is per subject and kept
        assertThat(http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}")
                        .json()
                        .toString())
                .isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(http.get("/config/" + subject)
                        .json()
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("NONE");
        assertThat(http.register(subject, Schemas.REQUIRED_FIELD)).isPositive();
    }

    @Test
    void compatibilityLevelsDefaultToBackwardAndAreKeptPerSubject() {
        assertThat(http.get("/config").json().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
        final String subject = TestNames.unique("config");
        final RegistryHttp.Response none = http.get("/config/" + subject);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("error_code").asInt()).isEqualTo(40408);
        assertThat(http.get("/config/" + subject + "?defaultToGlobal=true")
                        .json()
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("BACKWARD");

        assertThat(http.put("/config/" + subject, "{\"compatibility\":\"full_transitive\"}")
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/config/" + subject)
                        .json()
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("FULL_TRANSITIVE");

        final RegistryHttp.Response bad = http.put("/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("error_code").asInt()).isEqualTo(42203);
    }

    @Test
    void unknownSubjectsVersionsAndSchemasAreConfluentsNotFoundCodes() {
        final String subject = TestNames.unique("known");
        http.register(subject, Schemas.V1);
        assertError(http.get("/subjects/nobody-" + subject + "/versions"), 404, 40401);
        assertError(http.get("/subjects/nobody-" + subject + "/versions/latest"), 404, 40401);
        assertError(http.post("/subjects/nobody-" + subject, RegistryHttp.schemaBody(Schemas.V1)), 404, 40401);
        assertError(http.get("/subjects/" + subject + "/versions/7"), 404, 40402);
        assertError(http.post("/subjects/" + subject, RegistryHttp.schemaBody(Schemas.V2)), 404, 40403);
        assertError(http.get("/schemas/ids/987654"), 404, 40403);
        assertError(http.get("/schemas/ids/not-a-number"), 404, 40403);
        assertError(http.get("/subjects/" + subject + "/versions/0"), 422, 42202);
        assertError(http.get("/subjects/" + subject + "/versions/first"), 422, 42202);
        assertError(http.get("/no/such/path"), 404, 404);
        assertError(http.delete("/subjects/" + subject), 405, 405);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json at all",
                "{\"schema\": ",
                "[]",
                "{}",
                "{\"schema\": 42}",
                "{\"schema\": \"\"}",
                "{\"schema\": \"{not json\"}",
                "{\"schema\": \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"X\\\"}\"}",
                "{\"schema\": \"{\\\"type\\\":\\\"nosuchtype\\\"}\"}",
                "{\"schema\": \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"X\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"int\\\",\\\"default\\\":\\\"x\\\"}]}\"}",
                "{\"schema\": \"\\\"string\\\"\", \"schemaType\": \"PROTOBUF\"}",
                "{\"schema\": \"\\\"string\\\"\", \"references\": [{\"name\":\"a.B\",\"subject\":\"nobody\",\"version\":1}]}",
                "{\"schema\": \"\\\"string\\\"\", \"references\": {}}"
            })
    void badInputIsA422WithErrorCode42201NeverA500(final String body) {
        final String subject = TestNames.unique("bad");
        for (final RegistryHttp.Response response : new RegistryHttp.Response[] {
            http.post("/subjects/" + subject + "/versions", body),
            http.post("/subjects/" + subject, body),
            http.post("/compatibility/subjects/" + subject + "/versions", body)
        }) {
            assertError(response, 422, 42201);
            assertThat(response.json().get("message").asText()).doesNotContain("Exception");
        }
        assertThat(http.get("/subjects").json().toString()).doesNotContain(subject);
    }

    private static void assertError(final RegistryHttp.Response response, final int status, final int code) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(RegistryRoutes.MEDIA_TYPE);
        assertThat(response.json().get("error_code").asInt()).as(response.raw()).isEqualTo(code);
        assertThat(response.json().get("message").asText()).isNotBlank();
    }

    private static JsonNode readTree(final String json) {
        try {
            return RegistryHttp.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
