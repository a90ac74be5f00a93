package dev.kes.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
    @Test
    void learnsEveryKeyAndPrefixTheReaderAsksFor() {
        final ConfigKeys keys = ConfigKeys.readBy(Map.of("http.port", "1"), settings -> {
            settings.getInt("http.port");
            settings.get("http.advertised.host", "fallback");
            settings.with("extra", "x").get("topic.events", "events");
            settings.kafkaClientProperties();
            settings.withPrefix("streams.");
        });
        assertThat(keys.keys()).containsExactlyInAnyOrder("http.port", "http.advertised.host", "topic.events");
        assertThat(keys.prefixes()).containsExactlyInAnyOrder("kafka.", "streams.");
        assertThat(keys.reads("http.port")).isTrue();
        assertThat(keys.reads("http.prot")).isFalse();
        assertThat(keys.reads("streams.num.stream.threads")).isTrue();
        assertThat(keys.reads("streams.")).isFalse();
        assertThat(keys.prefixOf("kafka.bootstrap.servers")).isEqualTo("kafka.");
        assertThat(keys.prefixOf("http.port")).isNull();
    }

    @Test
    void environmentVariablesNameTheirKeys() {
        assertThat(Settings.keyOfEnvironmentVariable("KES_HTTP_ADVERTISED_HOST"))
                .contains("http.advertised.host");
        assertThat(Settings.keyOfEnvironmentVariable("KAFKA_SASL_JAAS_CONFIG")).contains("kafka.sasl.jaas.config");
        assertThat(Settings.keyOfEnvironmentVariable(Settings.FILE_ENV)).isEmpty();
        assertThat(Settings.keyOfEnvironmentVariable("JAVA_TOOL_OPTIONS")).isEmpty();
    }
}
