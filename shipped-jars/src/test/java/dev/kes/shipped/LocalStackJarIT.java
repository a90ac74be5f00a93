package dev.kes.shipped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * local-stack.jar as the README starts it, with its own broker, on free ports and a temporary data directory: both
 * services become ready, a command is accepted and the query for it answered; with one of its ports taken, it says
 * which in one line and starts nothing.
 */
class LocalStackJarIT {

    @Test
    void theLocalStackServesACommandAndItsQuery(@TempDir final Path dir) throws Exception {
        final LocalStackPorts ports = LocalStackPorts.free();
        final int commandPort = ports.command();
        final int queryPort = ports.query();
        final int registryPort = ports.registry();
        final int transferPort = ports.transfer();
        try (JarProcess stack = ports.start(dir)) {
            stack.awaitReady(transferPort);

            final HttpResponse<String> open = LocalHttp.post(
                    commandPort,
                    "/accounts",
                    "{\"accountId\":\"local-1\",\"holder\":\"Ada\",\"initialDeposit\":\"42.50\"}");
            assertThat(open.statusCode()).as(open.body()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                final HttpResponse<String> account = LocalHttp.get(queryPort, "/accounts/local-1");
                assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
                assertThat(account.body()).contains("\"balance\":\"42.50\"").contains("\"version\":1");
            });
            assertThat(stack.log())
                    .contains("kes local stack started in")
                    .contains("schema registry    http://127.0.0.1:" + registryPort)
                    .contains("transfer-manager   http://127.0.0.1:" + transferPort);
        }
    }

    @Test
    void aPortInUseIsOneLineNamingTheOptionAndNothingStarts(@TempDir final Path dir) throws Exception {
        final LocalStackPorts ports = LocalStackPorts.free();
        try (ServerSocket controller = new ServerSocket()) {
            controller.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.kafka() + 100));
            final JarProcess.Run run = JarProcess.run(JarProcess.jar("local-stack"), dir, ports.arguments(dir));

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err().strip())
                    .as(run.toString())
                    .isEqualTo("local-stack: cannot start: in use on 127.0.0.1: " + (ports.kafka() + 100)
                            + " (the KRaft controller of node 0: --kafka-port + 100). Is another local stack running? "
                            + "Stop it, or choose other ports with the options named.");
            assertThat(dir.resolve("data")).doesNotExist();
        }
    }
}
