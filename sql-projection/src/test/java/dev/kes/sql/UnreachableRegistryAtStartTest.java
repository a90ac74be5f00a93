package dev.kes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.kafka.test.ChildJvm;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.sql.db.Database;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable read model started with a KES_SCHEMA_REGISTRY_URL nobody answers on: a startup error naming the URL
 * and exit status 1, not a process that keeps running and retrying in the background.
 */
@WithKafka
class UnreachableRegistryAtStartTest {

    @Test
    void anUnreachableRegistryAtStartExitsWithAnErrorNamingItsUrl(final KafkaTestCluster kafka, @TempDir final Path dir)
            throws Exception {
        final String url;
        try (ServerSocket socket = new ServerSocket(0)) {
            url = "http://127.0.0.1:" + socket.getLocalPort();
        }
        final Database database = TestPostgres.newDatabase();
        final Path log = dir.resolve("sql-projection.log");
        final Process child = ChildJvm.start(
                SqlProjectionMain.class,
                Map.of(
                        "sql.jdbc.url", database.url(),
                        "sql.user", database.user(),
                        "sql.password", database.password(),
                        "bootstrap.servers", kafka.bootstrapServers(),
                        "topic.events", TestNames.unique("sql-unreachable.account-events"),
                        "schema.registry.url", url),
                log);
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS))
                    .as("the process exits by itself")
                    .isTrue();
            assertThat(child.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log))
                    .contains("sql-projection: cannot start")
                    .contains(url)
                    .doesNotContain("\tat ");
        } finally {
            child.destroyForcibly();
        }
    }
}
