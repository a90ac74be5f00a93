package dev.kes.admin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.admin.AdminException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    @Test
    void deletesAKafkaStreamsApplicationDirectory(@TempDir final Path stateDir) throws Exception {
        final Path app = stateDir.resolve("kes-projection-service");
        Files.createDirectories(app.resolve("0_1/rocksdb/balances"));
        Files.writeString(app.resolve("0_1/.checkpoint"), "0\n");
        Files.writeString(app.resolve("kafka-streams-process-metadata"), "{}");

        assertThat(StateDirectory.delete(stateDir, "kes-projection-service")).contains(app.toAbsolutePath());
        assertThat(app).doesNotExist();
        assertThat(stateDir).isDirectory();
    }

    @Test
    void nothingToDeleteIsFine(@TempDir final Path stateDir) {
        assertThat(StateDirectory.delete(stateDir, "never-ran")).isEmpty();
    }

    @Test
    void refusesADirectoryThatIsNotKafkaStreamsState(@TempDir final Path home) throws Exception {
        // e.g. --state-dir / with an application id that names someone's home directory
        final Path notState = home.resolve("alice");
        Files.createDirectories(notState.resolve("Documents"));

        assertThatThrownBy(() -> StateDirectory.delete(home, "alice"))
                .isInstanceOf(AdminException.class)
                .hasMessageContaining("does not look like Kafka Streams state")
                .hasMessageContaining("Documents");
        assertThat(notState.resolve("Documents")).isDirectory();
    }
}
