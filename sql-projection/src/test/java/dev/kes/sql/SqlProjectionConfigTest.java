package dev.kes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlProjectionConfigTest {

    @Test
    void readsTheEnvironmentWithDefaults() {
        final SqlProjectionConfig config = SqlProjectionConfig.from(Map.of(
                "KES_SQL_JDBC_URL", "jdbc:postgresql://db:5432/kes",
                "KES_SQL_USER", "kes",
                "KES_SQL_PASSWORD", "s3cret",
                "KES_BOOTSTRAP_SERVERS", "broker:9092",
                "KES_SCHEMA_REGISTRY_URL", "http://registry:8085",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "PATH", "/usr/bin"));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/kes");
        assertThat(config.user()).isEqualTo("kes");
        assertThat(config.password()).isEqualTo("s3cret");
        assertThat(config.groupId()).isEqualTo("kes-sql-projection");
        assertThat(config.topic()).isEqualTo("account-events");
        assertThat(config.kafka())
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("schema.registry.url", "http://registry:8085")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("max.poll.records", "2000")
                .hasSize(4);
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void theServicesKafkaVariableServesWhenTheOwnIsUnset() {
        final SqlProjectionConfig config = SqlProjectionConfig.from(
                Map.of("KES_SQL_JDBC_URL", "jdbc:postgresql://db/kes", "KAFKA_BOOTSTRAP_SERVERS", "other:9092"));

        assertThat(config.kafka()).containsEntry("bootstrap.servers", "other:9092");
        assertThat(config.user()).isNull();
    }

    @Test
    void withoutAJdbcUrlItSaysWhichVariableToSet() {
        assertThatThrownBy(() -> SqlProjectionConfig.from(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KES_SQL_JDBC_URL is not set");
    }
}
