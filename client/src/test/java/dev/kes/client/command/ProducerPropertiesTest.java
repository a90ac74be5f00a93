package dev.kes.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerPropertiesTest {

    @Test
    void theContractsSettingsWinOverTheCallers() {
        final Map<String, Object> props = CommandClient.producerProperties(
                Map.of("bootstrap.servers", "b:9092", "acks", "1", "enable.idempotence", false),
                Duration.ofSeconds(10));

        assertThat(props)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("bootstrap.servers", "b:9092");
    }

    @Test
    void sendingGivesUpBeforeTheResultTimeoutUnlessTheCallerSaysOtherwise() {
        assertThat(CommandClient.producerProperties(Map.of(), Duration.ofSeconds(10)))
                .containsEntry("delivery.timeout.ms", 9_000)
                .containsEntry("request.timeout.ms", 5_000)
                .containsEntry("max.block.ms", 5_000L);
        assertThat(CommandClient.producerProperties(Map.of(), Duration.ofSeconds(3)))
                .containsEntry("max.block.ms", 1_500L);
        assertThat(CommandClient.producerProperties(Map.of("delivery.timeout.ms", 30_000), Duration.ofSeconds(10)))
                .containsEntry("delivery.timeout.ms", 30_000);
    }
}
