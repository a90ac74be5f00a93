package dev.kes.kafka.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderChoiceTest {

    private static ProviderChoice choose(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return ProviderChoice.from(props::get);
    }

    @Test
    void embeddedByDefault() {
        assertThat(choose().provider()).isEqualTo("embedded");
        assertThat(choose("kafka.provider", "Embedded").provider()).isEqualTo("embedded");
    }

    @Test
    void blankValuesCountAsAbsent() {
        assertThat(choose("kafka.bootstrap", "", "kafka.provider", "  ").provider())
                .isEqualTo("embedded");
        assertThat(choose("kafka.bootstrap", " ", "kafka.provider", "testcontainers")
                        .provider())
                .isEqualTo("testcontainers");
    }

    @Test
    void externalBootstrapWinsOverProvider() {
        ProviderChoice choice = choose("kafka.bootstrap", " localhost:9092 ", "kafka.provider", "testcontainers");
        assertThat(choice.provider()).isEqualTo("external");
        assertThat(choice.bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void testcontainersWithDefaultOrGivenImage() {
        assertThat(choose("kafka.provider", "testcontainers").image()).isEqualTo("apache/kafka:4.1.0");
        assertThat(choose("kafka.provider", "testcontainers", "kafka.image", "apache/kafka:4.0.0")
                        .image())
                .isEqualTo("apache/kafka:4.0.0");
    }

    @Test
    void unknownProviderIsAnError() {
        assertThatThrownBy(() -> choose("kafka.provider", "zookeeper"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zookeeper");
    }
}
