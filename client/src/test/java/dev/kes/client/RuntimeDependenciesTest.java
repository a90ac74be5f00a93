package dev.kes.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an application gets at runtime by depending on kes-client: kafka-clients, Avro and the schemas, none of the
 * services' stack. Reads the list the build resolves (dependency:list, runtime scope, before the tests run), since
 * the test classpath also holds the embedded broker of the test dependencies.
 */
class RuntimeDependenciesTest {
    private static final Path LIST = Path.of("target", "runtime-dependencies.txt");

    @Test
    void theRuntimeClasspathHasNoServiceStack() throws IOException {
        final List<String> artifacts = artifacts();

        assertThat(artifacts)
                .as("resolved runtime dependencies in %s", LIST)
                .anySatisfy(a -> assertThat(a).startsWith("org.apache.kafka:kafka-clients:"))
                .anySatisfy(a -> assertThat(a).startsWith("org.apache.avro:avro:"))
                .anySatisfy(a -> assertThat(a).startsWith("dev.kes:schemas:"))
                .noneSatisfy(a -> assertThat(a).startsWith("org.apache.kafka:kafka-streams"))
                .noneSatisfy(a -> assertThat(a).startsWith("io.javalin:"))
                .noneSatisfy(a -> assertThat(a).startsWith("org.eclipse.jetty"))
                .noneSatisfy(a -> assertThat(a).startsWith("org.rocksdb:"));
    }

    /** The lines of the list that name an artifact, {@code group:artifact:type:version:scope}, trimmed. */
    private static List<String> artifacts() throws IOException {
        assertThat(LIST)
                .as("written by maven-dependency-plugin in generate-test-resources")
                .exists();
        return Files.readAllLines(LIST).stream()
                .map(String::strip)
                .filter(line -> line.chars().filter(c -> c == ':').count() >= 3)
                .toList();
    }
}
