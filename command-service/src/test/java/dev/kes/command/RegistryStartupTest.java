package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both services refuse to start against a registry they cannot reach, naming its URL (before Kafka is needed). */
class RegistryStartupTest {

    @Test
    void anUnreachableRegistryStopsTheStartWithItsUrl(@TempDir final Path state) throws IOException {
        final String url;
        try (ServerSocket socket = new ServerSocket(0)) {
            url = "http://127.0.0.1:" + socket.getLocalPort();
        }
        final Map<String, String> config = Map.of(
                "schema.registry.url", url, "state.dir", state.toString(), "kafka.bootstrap.servers", "127.0.0.1:9");
        assertThatThrownBy(() ->
                        CommandService.start(CommandServiceConfig.of(config)).close())
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("schema registry " + url + ": cannot reach it");
        assertThatThrownBy(() -> ProjectionService.start(ProjectionServiceConfig.of(config))
                        .close())
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("schema registry " + url + ": cannot reach it");
    }
}
