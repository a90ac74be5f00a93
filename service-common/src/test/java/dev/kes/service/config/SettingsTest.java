package dev.kes.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @Test
    void environmentVariablesMapOntoDottedKeys() {
        final Settings settings = Settings.load(
                Map.of("http.port", "8080"),
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "b:9092",
                        "KAFKA_SASL_JAAS_CONFIG", "secret",
                        "KES_HTTP_PORT", "9000",
                        "HOME", "/root"),
                Map.of());
        assertThat(settings.getInt("http.port")).isEqualTo(9000);
        assertThat(settings.kafkaClientProperties())
                .containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("sasl.jaas.config", "secret")
                .hasSize(2);
    }

    @Test
    void precedenceIsDefaultsThenFileThenEnvironmentThenOverrides(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("kes.properties");
        Files.writeString(file, "http.port=1\nhttp.host=file-host\nstate.dir=from-file\n");
        final Settings settings = Settings.load(
                Map.of("http.port", "0", "application.id", "default-id"),
                Map.of(Settings.FILE_ENV, file.toString(), "KES_HTTP_HOST", "env-host"),
                Map.of("state.dir", "override"));
        assertThat(settings.get("application.id")).isEqualTo("default-id");
        assertThat(settings.get("http.port")).isEqualTo("1");
        assertThat(settings.get("http.host")).isEqualTo("env-host");
        assertThat(settings.get("state.dir")).isEqualTo("override");
    }

    @Test
    void badValuesNameTheirKey() {
        final Settings settings = Settings.of(Map.of("http.port", "eighty", "allow.occurred.at", "yes"));
        assertThatThrownBy(() -> settings.getInt("http.port")).hasMessageContaining("http.port");
        assertThatThrownBy(() -> settings.getBoolean("allow.occurred.at")).hasMessageContaining("allow.occurred.at");
        assertThatThrownBy(() -> settings.get("missing.key")).hasMessageContaining("missing.key");
    }

    @Test
    void kesStreamsVariablesSetKafkaStreamsProperties() {
        final Settings settings = Settings.load(
                Map.of(),
                Map.of(
                        "KES_STREAMS_NUM_STREAM_THREADS", "2",
                        "KES_STREAMS_MAIN_CONSUMER_SESSION_TIMEOUT_MS", "15000"),
                Map.of());
        assertThat(settings.withPrefix("streams."))
                .isEqualTo(Map.of(
                        "num.stream.threads", "2",
                        "main.consumer.session.timeout.ms", "15000"));
    }

    @Test
    void prefixedKeysAreCollected() {
        final Settings settings = Settings.of(Map.of("streams.num.stream.threads", "2", "streamsx", "no"));
        assertThat(settings.withPrefix("streams.")).isEqualTo(Map.of("num.stream.threads", "2"));
    }

    @Test
    void secretsAreMaskedInToStringAndInErrors() {
        final String jaas = "PlainLoginModule required username=\"kes\" password=\"s3cr3t-pw\";";
        final Settings settings = Settings.of(Map.of(
                "kafka.sasl.jaas.config", jaas,
                "kafka.ssl.key.password", "s3cr3t-pw",
                "http.auth.tokens", "s3cr3t-pw-token-123:read",
                "my.client.secret", "s3cr3t-pw",
                "kafka.bootstrap.servers", "b:9092"));
        assertThat(settings.toString())
                .doesNotContain("s3cr3t")
                .contains("b:9092")
                .contains("kafka.sasl.jaas.config=" + Secrets.MASK);
        assertThat(Secrets.redacted(settings.kafkaClientProperties()))
                .containsEntry("sasl.jaas.config", Secrets.MASK)
                .containsEntry("bootstrap.servers", "b:9092");
        assertThatThrownBy(() -> settings.getInt("kafka.ssl.key.password"))
                .hasMessageContaining("kafka.ssl.key.password")
                .hasMessageNotContaining("s3cr3t");
        assertThat(Secrets.isSensitive("sasl.login.callback.handler.class")).isFalse();
        assertThat(Secrets.isSensitive("SASL.JAAS.CONFIG")).isTrue();
    }
}
