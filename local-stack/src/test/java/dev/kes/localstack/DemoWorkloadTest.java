package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.localstack.demo.DemoHistory;
import dev.kes.localstack.demo.DemoWorkload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo imports a backdated year through the real services; the projection ends where the history says. */
@WithKafka
class DemoWorkloadTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void importsABackdatedYearAndTheProjectionAgrees(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        try (RunningServices services = RunningServices.start(kafka, state, Map.of("allow.occurred.at", "true"))) {
            final ByteArrayOutputStream printed = new ByteArrayOutputStream();
            final DemoWorkload demo = new DemoWorkload(
                    services.commands.httpPort(),
                    services.projection.httpPort(),
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
            final DemoWorkload.Imported imported = demo.importHistory(4, 7);
            assertThat(imported.commands()).isGreaterThan(4 * 12);
            for (final Map.Entry<String, DemoHistory.Step> last :
                    imported.lastSteps().entrySet()) {
                final JsonNode account = json.readTree(services.queryApi
                        .get("/accounts/" + last.getKey() + "?position="
                                + imported.positions().get(last.getKey()))
                        .body());
                assertThat(account.get("balance").asText())
                        .isEqualTo(last.getValue().balanceAfter().toPlainString());
                assertThat(account.get("updatedAt").asText())
                        .isEqualTo(last.getValue().at().toString());
            }
            demo.show("demo-0000", imported.positions().get("demo-0000"));
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("account demo-0000");
        }
    }
}
