package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --kafka-only}: the broker alone on the data dir, so that es-admin's offline commands (which need the
 * services stopped) can run against the local stack's data.
 */
class KafkaOnlyTest {

    @Test
    void onlyTheBrokerRunsAndNoServicePortListens(@TempDir final Path dataDir) throws Exception {
        final int commandPort = FreePorts.port();
        final int queryPort = FreePorts.port();
        final LocalStackOptions options = LocalStackOptions.parse(
                "--kafka-only",
                "--data-dir",
                dataDir.toString(),
                "--kafka-port",
                String.valueOf(FreePorts.kafkaPort()),
                "--command-port",
                String.valueOf(commandPort),
                "--query-port",
                String.valueOf(queryPort),
                "--registry-port",
                "0");

        try (LocalStack stack = LocalStack.start(options)) {
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(1);
            }
            assertThat(stack.servicesRunning()).isFalse();
            assertNothingListensOn(commandPort);
            assertNothingListensOn(queryPort);
            assertThat(dataDir.resolve("kafka")).isDirectory();
            assertThat(dataDir.resolve("command-service")).doesNotExist();
            assertThat(dataDir.resolve("projection-service")).doesNotExist();
        }
    }

    @Test
    void theDemoNeedsTheServices() {
        assertThatThrownBy(() -> LocalStackOptions.parse("--kafka-only", "--demo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be combined");
    }

    private static void assertNothingListensOn(final int port) {
        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    }
                })
                .as("port " + port)
                .isInstanceOf(ConnectException.class);
    }
}
