package dev.kes.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.registry.HttpSchemaRegistry;
import dev.kes.schemas.registry.SchemaRegistryException;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.Samples;
import dev.kes.schemas.serde.ShippedTypes;
import dev.kes.schemas.serde.UnknownSchemaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The services' registry client ({@link HttpSchemaRegistry} through {@link Codecs}) against this module's server on a
 * real broker: what a writer registers and frames, a reader built separately (fresh caches) decodes; ids are
 * stable; a schema version this build never shipped is read through the resolving reader; and failures name the URL.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryCodecProtocolTest {
    private static final String USER_INFO = "kes:s3cret";

    private SchemaRegistryServer server;
    private HttpServer authenticating;

    @BeforeAll
    void start(final KafkaTestCluster kafka) throws IOException {
        server = SchemaRegistryServer.start(SchemaRegistryConfig.of(kafka.bootstrapServers())
                .withTopic(TestNames.unique("_schemas"))
                .withPort(0));
        authenticating = basicAuthFront(server.url());
    }

    @AfterAll
    void stop() {
        if (authenticating != null) {
            authenticating.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyTopicTypeIsRegisteredFramedAndDecodedByASeparateReader() {
        final AvroCodec writer = Codecs.fromConfig(Map.of(Codecs.URL, server.url()));
        final AvroCodec reader = Codecs.forReading(Map.of(Codecs.URL, server.url()));
        final Set<Class<?>> covered = new HashSet<>();
        for (final SpecificRecord record : topicRecords()) {
            final byte[] bytes = writer.encode(record);
            assertThat(bytes[0]).as("Confluent's magic byte").isEqualTo((byte) 0);
            final int id = idOf(bytes);
            final String subject = record.getSchema().getFullName();
            // the registry holds the schema under the record's full name, with the id in the frame
            assertThat(registryGet("/schemas/ids/" + id + "/versions")).contains("{\"subject\":\"" + subject + "\",");
            assertThat(reader.decode(bytes)).isEqualTo(record);
            assertThat(reader.decode(bytes, record.getClass())).isEqualTo(record);
            covered.add(record.getClass());
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(ShippedTypes.onTopics());
    }

    @Test
    void theSameSchemaHasTheSameIdForEveryCodecAndAfterARestartOfTheClient() {
        final AvroCodec first = Codecs.fromConfig(Map.of(Codecs.URL, server.url()));
        final AvroCodec second = Codecs.fromConfig(Map.of(Codecs.URL, server.url()));
        final HttpSchemaRegistry direct =
                new HttpSchemaRegistry(server.url(), null, HttpSchemaRegistry.DEFAULT_TIMEOUT);
        for (final SpecificRecord record : topicRecords()) {
            final int id = idOf(first.encode(record));
            assertThat(idOf(second.encode(record)))
                    .as(record.getSchema().getFullName())
                    .isEqualTo(id);
            assertThat(direct.register(record.getSchema().getFullName(), record.getSchema()))
                    .isEqualTo(id);
            assertThat(direct.schemaById(id)).isEqualTo(record.getSchema());
        }
        final Set<Integer> ids = new HashSet<>();
        ShippedTypes.onTopics().forEach(type -> ids.add(idOf(first.encode(recordOf(type)))));
        assertThat(ids)
                .as("one id per topic type")
                .hasSize(ShippedTypes.onTopics().size());
    }

    @Test
    void aNewVersionOfARecordGetsANewIdAndIsReadIntoTheCurrentClass() {
        final AvroCodec writer = Codecs.fromConfig(Map.of(Codecs.URL, server.url()));
        final MoneyDeposited expected = Samples.moneyDeposited();
        final int currentId = idOf(writer.encode(expected));

        // what another producer with a newer schema (one more field, with a default) writes
        final Schema current = MoneyDeposited.getClassSchema();
        final List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("channel", Schema.create(Schema.Type.STRING), "a newer producer's field", "web"));
        final Schema newer =
                Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        final int newerId = new HttpSchemaRegistry(server.url(), null, HttpSchemaRegistry.DEFAULT_TIMEOUT)
                .register(newer.getFullName(), newer);
        assertThat(newerId).isNotEqualTo(currentId);
        assertThat(registryGet("/subjects/" + current.getFullName() + "/versions/latest"))
                .contains("\"id\":" + newerId);

        final GenericRecord record = new GenericData.Record(newer);
        current.getFields().forEach(f -> record.put(f.name(), expected.get(f.pos())));
        record.put("channel", "mobile");
        final byte[] bytes = framed(newerId, newer, record);

        final AvroCodec reader = Codecs.forReading(Map.of(Codecs.URL, server.url()));
        assertThat(reader.decode(bytes, MoneyDeposited.class)).isEqualTo(expected);
        assertThat(reader.decode(bytes)).isEqualTo(expected);
        // the writer codec (it knows its own ids only) looks the newer id up too
        assertThat(writer.decode(bytes)).isEqualTo(expected);
        // and keeps writing the current schema under its own id
        assertThat(idOf(writer.encode(expected))).isEqualTo(currentId);
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsUnknownSchema() {
        final AvroCodec reader = Codecs.forReading(Map.of(Codecs.URL, server.url()));
        final byte[] bytes = Codecs.fromConfig(Map.of(Codecs.URL, server.url())).encode(Samples.moneyDeposited());
        ByteBuffer.wrap(bytes, 1, 4).putInt(987_654);
        assertThatThrownBy(() -> reader.decode(bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("987654")
                .hasMessageContaining(server.url())
                .satisfies(
                        e -> assertThat(((UnknownSchemaException) e).schemaId()).hasValue(987_654));
    }

    @Test
    void basicAuthIsSentAndAWrongPasswordIsRefusedNamingTheUrl() {
        final String url = "http://127.0.0.1:" + authenticating.getAddress().getPort();
        final AvroCodec writer = Codecs.fromConfig(Map.of(Codecs.URL, url, Codecs.PREFIXED_USER_INFO, USER_INFO));
        final AvroCodec reader = Codecs.forReading(Map.of(Codecs.URL, url, Codecs.USER_INFO, USER_INFO));
        final MoneyDeposited record = Samples.moneyDeposited();
        assertThat(reader.decode(writer.encode(record))).isEqualTo(record);

        assertThatThrownBy(() -> Codecs.fromConfig(Map.of(Codecs.URL, url, Codecs.USER_INFO, "kes:wrong")))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("401")
                .hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> Codecs.forReading(Map.of(Codecs.URL, url)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("401");
    }

    @Test
    void aWrongOrUnreachableUrlFailsTheCodecNamingTheUrl() throws IOException {
        final String wrongPath = server.url() + "/not-a-registry";
        assertThatThrownBy(() -> Codecs.fromConfig(Map.of(Codecs.URL, wrongPath)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(wrongPath)
                .hasMessageContaining("404");
        assertThatThrownBy(() -> Codecs.forReading(Map.of(Codecs.URL, wrongPath)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(wrongPath);

        final String closed = "http://127.0.0.1:" + freePort();
        assertThatThrownBy(() -> Codecs.fromConfig(Map.of(Codecs.URL, closed)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(closed)
                .hasMessageContaining("cannot reach");
        assertThatThrownBy(() -> Codecs.forReading(Map.of(Codecs.URL, closed)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(closed);

        assertThatThrownBy(() -> Codecs.fromConfig(Map.of(Codecs.URL, "localhost:8085")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost:8085");
    }

    private static int idOf(final byte[] framed) {
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    private String registryGet(final String path) {
        try {
            final HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url() + path))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What Confluent's KafkaAvroSerializer writes: 00, the id big-endian, the datum. */
    private static byte[] framed(final int id, final Schema schema, final GenericRecord record) {
        final SpecificData model = SpecificData.getForClass(MoneyDeposited.class);
        @SuppressWarnings("unchecked")
        final DatumWriter<GenericRecord> datumWriter = (DatumWriter<GenericRecord>) model.createDatumWriter(schema);
        try {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
            final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            datumWriter.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An HTTP front that asks for basic authentication and passes the rest to the registry unchanged, as an
     * authenticating proxy in front of a registry does (the local stack's registry has no authentication itself).
     */
    private static HttpServer basicAuthFront(final String target) throws IOException {
        final String expected =
                "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8));
        final HttpClient client = HttpClient.newHttpClient();
        final HttpServer front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        front.createContext("/", exchange -> {
            try (exchange) {
                if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    respond(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
                    return;
                }
                final byte[] body = exchange.getRequestBody().readAllBytes();
                final HttpRequest.Builder request = HttpRequest.newBuilder(
                                URI.create(target + exchange.getRequestURI()))
                        .method(
                                exchange.getRequestMethod(),
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
                final String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type != null) {
                    request.header("Content-Type", type);
                }
                final HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                respond(exchange, answer.statusCode(), answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        front.start();
        return front;
    }

    private static void respond(final HttpExchange exchange, final int status, final String json) throws IOException {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static SpecificRecord recordOf(final Class<?> type) {
        return topicRecords().stream().filter(type::isInstance).findFirst().orElseThrow();
    }

    /** One record (or more) of every type written to a topic (events, commands, results). */
    private static List<SpecificRecord> topicRecords() {
        return Samples.all().stream()
                .filter(record -> ShippedTypes.onTopics().contains(record.getClass()))
                .toList();
    }
}
