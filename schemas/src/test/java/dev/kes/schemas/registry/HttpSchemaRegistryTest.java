package dev.kes.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.UnknownSchemaException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry client's requests and its errors. The protocol end to end is tested against the local stack's
 * registry; here a JDK HTTP server plays a registry only to check what is sent and how answers are reported.
 */
class HttpSchemaRegistryTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableRegistryFailsTheCodecWithItsUrl() throws IOException {
        String url = "http://127.0.0.1:" + freePort();
        assertThatThrownBy(() -> Codecs.fromConfig(Map.of(Codecs.URL, url)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("schema registry " + url + ": cannot reach it")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).url()).isEqualTo(url));
        assertThatThrownBy(() -> Codecs.forReading(Map.of(Codecs.URL, url)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("schema registry " + url + ": ");
        HttpSchemaRegistry registry = new HttpSchemaRegistry(url, null, Duration.ofSeconds(2));
        assertThatThrownBy(() -> registry.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(url);
    }

    @Test
    void withoutAUrlTheCodecIsTheShippedOne() {
        assertThat(Codecs.fromConfig(Map.of())).isSameAs(AvroCodec.shipped());
        assertThat(Codecs.fromConfig(Map.of(Codecs.URL, " "))).isSameAs(AvroCodec.shipped());
        assertThat(Codecs.forReading(Map.of())).isSameAs(AvroCodec.shipped());
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> Codecs.fromConfig(Map.of(Codecs.URL, "localhost:8081")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost:8081");
    }

    @Test
    void registersWithTheConfluentRequestAndCachesIdsBothWays() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        start(exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + body.startsWith("{\"schema\":\"{"));
            respond(exchange, 200, "{\"id\":42}");
        });
        HttpSchemaRegistry registry = new HttpSchemaRegistry(url(), "user:secret", Duration.ofSeconds(5));
        assertThat(registry.register("dev.kes.schemas.event.MoneyDeposited", MoneyDeposited.getClassSchema()))
                .isEqualTo(42);
        assertThat(registry.register("dev.kes.schemas.event.MoneyDeposited", MoneyDeposited.getClassSchema()))
                .isEqualTo(42);
        assertThat(registry.schemaById(42)).isEqualTo(MoneyDeposited.getClassSchema());
        assertThat(seen)
                .containsExactly("POST /subjects/dev.kes.schemas.event.MoneyDeposited/versions "
                        + "application/vnd.schemaregistry.v1+json Basic dXNlcjpzZWNyZXQ= true");
    }

    @Test
    void anUnknownIdIsUnknownSchemaAndOtherErrorsNameTheUrlAndTheRegistrysMessage() throws IOException {
        start(exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().startsWith("/schemas/ids/")) {
                respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema 7 not found\"}");
            } else {
                respond(exchange, 409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
            }
        });
        HttpSchemaRegistry registry = new HttpSchemaRegistry(url(), null, Duration.ofSeconds(5));
        assertThatThrownBy(() -> registry.schemaById(7))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("schema id 7")
                .hasMessageContaining(url())
                .hasMessageContaining("Schema 7 not found")
                .satisfies(
                        e -> assertThat(((UnknownSchemaException) e).schemaId()).hasValue(7));
        assertThatThrownBy(() -> AvroCodec.withRegistry(registry))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(url())
                .hasMessageContaining("409")
                .hasMessageContaining("incompatible");
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void start(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler::handle);
        server.start();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
