package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's schema registry: on {@code --registry-port} (default 8085), running with {@code --kafka-only}
 * too (es-admin's offline commands read registry-framed events through it), its schemas kept in the broker under
 * the data dir across a restart, off with {@code --no-registry}; the services are told its URL.
 */
class LocalStackRegistryTest {
    private static final String SCHEMA = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Opened\\\","
            + "\\\"namespace\\\":\\\"local.test\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"string\\\"}]}\"}";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theRegistryListensOnItsPortAndKeepsItsSchemasAcrossARestartOnTheDataDir(@TempDir final Path dataDir)
            throws Exception {
        final int kafkaPort = FreePorts.kafkaPort();
        final int registryPort = FreePorts.port();
        final String[] args = {
            "--kafka-only",
            "--data-dir",
            dataDir.toString(),
            "--kafka-port",
            String.valueOf(kafkaPort),
            "--registry-port",
            String.valueOf(registryPort)
        };
        final String id;
        try (LocalStack stack = LocalStack.start(LocalStackOptions.parse(args))) {
            assertThat(stack.registryUrl()).contains("http://127.0.0.1:" + registryPort);
            final HttpResponse<String> registered = post(registryPort, "/subjects/local.test.Opened/versions", SCHEMA);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            id = registered.body();
        }
        try (LocalStack stack = LocalStack.start(LocalStackOptions.parse(args))) {
            final HttpResponse<String> again = post(registryPort, "/subjects/local.test.Opened/versions", SCHEMA);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(id);
            assertThat(get(registryPort, "/subjects").body()).isEqualTo("[\"local.test.Opened\"]");
        }
    }

    @Test
    void noRegistryMeansNothingListensOnItsPort(@TempDir final Path dataDir) {
        final int registryPort = FreePorts.port();
        try (LocalStack stack = LocalStack.start(LocalStackOptions.parse(
                "--kafka-only",
                "--no-registry",
                "--data-dir",
                dataDir.toString(),
                "--kafka-port",
                String.valueOf(FreePorts.kafkaPort()),
                "--registry-port",
                String.valueOf(registryPort)))) {
            assertThat(stack.registryUrl()).isEmpty();
            assertThatThrownBy(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress("127.0.0.1", registryPort), 2000);
                        }
                    })
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theOptionsDefaultTo8085AndTakeAPortOrNoRegistry() {
        final LocalStackOptions defaults = LocalStackOptions.parse();
        assertThat(defaults.registryPort()).isEqualTo(8085);
        assertThat(defaults.registry()).isTrue();
        assertThat(LocalStackOptions.parse("--registry-port", "0").registryPort())
                .isZero();
        assertThat(LocalStackOptions.parse("--no-registry").registry()).isFalse();
        assertThatThrownBy(() -> LocalStackOptions.parse("--registry-port", "70000"))
                .hasMessageContaining("--registry-port must be a number");
        assertThat(LocalStackOptions.USAGE).contains("--registry-port").contains("--no-registry");
    }

    @Test
    void theServicesAreGivenTheRegistryUrlAndNoneWithoutIt() {
        final LocalStackOptions options = LocalStackOptions.defaults();
        final String url = "http://127.0.0.1:8085";
        final ServiceSettings withRegistry = new ServiceSettings(options, "127.0.0.1:9092", url);
        final ServiceSettings without = new ServiceSettings(options, "127.0.0.1:9092", null);
        assertThat(withRegistry.commandService()).containsEntry("schema.registry.url", url);
        assertThat(withRegistry.projectionService()).containsEntry("schema.registry.url", url);
        assertThat(without.commandService()).doesNotContainKey("schema.registry.url");
        assertThat(without.projectionService()).doesNotContainKey("schema.registry.url");
        assertThat(withRegistry.transferManager()).containsEntry("schema.registry.url", url);
        // the console on the projection's origin may send commands; no other origin may
        assertThat(without.commandService())
                .containsEntry("http.cors.origins", "http://127.0.0.1:8081,http://localhost:8081");
        assertThat(without.transferManager()).doesNotContainKey("schema.registry.url");
    }

    private HttpResponse<String> post(final int port, final String path, final String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(final int port, final String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
