package dev.kes.command.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.command.CommandServiceConfig;
import dev.kes.service.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The internal-API account-state store runs only on the Kafka Streams it was tested with. */
class TestedStreamsVersionTest {
    @Test
    void theKafkaStreamsOfThisBuildIsOneTheStoreWasTestedWith() {
        // fails on a Kafka upgrade until the suite has passed on it and the version is added
        assertThat(TestedStreamsVersion.TESTED).contains(TestedStreamsVersion.running());
    }

    @Test
    void anotherVersionIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> TestedStreamsVersion.require("4.5.0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Kafka Streams 4.5.0")
                .hasMessageContaining("account.state.store=public-api");
    }

    @Test
    void thePublicApiFormNeedsNoCheck() {
        final CommandServiceConfig config = CommandServiceConfig.of(Map.of("account.state.store", "public-api"));
        assertThat(CommandTopology.build(config.withCommandPartitions(1))
                        .describe()
                        .toString())
                .contains("account-state");
    }

    @Test
    void anUnknownFormIsAConfigurationError() {
        assertThatThrownBy(() -> CommandServiceConfig.of(Map.of("account.state.store", "fast")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("internal-api, public-api");
    }
}
