package dev.kes.localstack.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.localstack.compose.ComposeFile.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker): it is read instead, and checked against what the services read
 * (their configuration classes), Kafka's config names and the jars the build makes.
 */
class DockerComposeTest {
    private static Path root;
    private static Map<String, ServiceKind> kindsByJar;

    @BeforeAll
    static void findRepository() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        root = dir;
        kindsByJar = ServiceKind.byBuiltJar(root);
    }

    @Test
    void theRepositorysComposeFileHasNoProblem() throws IOException {
        final ComposeFile compose = ComposeFile.parse(Files.readString(root.resolve("docker-compose.yml")));
        assertThat(ComposeCheck.problems(compose, kindsByJar)).isEmpty();
    }

    @Test
    void itRunsOneBrokerOneCommandServiceTwoProjectionInstancesAndTheTransferManager() throws IOException {
        final ComposeFile compose = ComposeFile.parse(Files.readString(root.resolve("docker-compose.yml")));
        assertThat(compose.services())
                .containsOnlyKeys("kafka", "command-service", "projection-1", "projection-2", "transfer-manager");
        final Map<String, Integer> hostPorts = compose.services().values().stream()
                .filter(service -> !service.name().equals("kafka"))
                .collect(Collectors.toMap(
                        Service::name, service -> service.ports().get(0).host()));
        assertThat(hostPorts)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "command-service", 8080, "projection-1", 8081, "projection-2", 8082, "transfer-manager", 8083));
        assertThat(compose.services().get("projection-2").environment())
                .containsEntry("KES_HTTP_ADVERTISED_HOST", "projection-2")
                .containsEntry("KES_APPLICATION_ID", "kes-projection-service")
                .containsEntry("KES_NUM_STANDBY_REPLICAS", "1");
    }

    @Test
    void theBuildMakesTheJarsTheFileMounts() {
        assertThat(kindsByJar)
                .containsOnlyKeys(
                        "./command-service/target/command-service.jar",
                        "./projection-service/target/projection-service.jar",
                        "./transfer-manager/target/transfer-manager.jar");
    }

    @Test
    void everyKindOfMistakeIsReported() {
        final ComposeFile bad = ComposeFile.parse("""
                services:
                  kafka:
                    image: apache/kafka:4.1.0
                    ports: ["9092:9092"]
                    environment:
                      KAFKA_NODE_ID: 1
                      KAFKA_LOG_DIRECTORY: /var/lib/kafka/data
                      KAFKA_HEAP_OPTS: -Xmx1g
                  command-service:
                    command: ["java", "-jar", "/app/command.jar"]
                    ports: ["8080:9090"]
                    environment:
                      KAFKA_BOOTSTRAP_SERVERS: broker:29092
                      KAFKA_BOOTSTRAP_SERVER: kafka:29092
                      KES_HTTP_PROT: "8080"
                      KES_HTTP_HOST: 0.0.0.0
                      KES_STREAMS_NUM_STREAM_THREAD: "2"
                      KES_STREAMS_MAIN_CONSUMER_GROUP_INSTANCE_ID: command-1
                      KES_CONFIG_FILE: /etc/kes/kes.properties
                      JAVA_TOOL_OPTIONS: -Xss512k
                    volumes:
                      - ./command-service/target/command-service.jar:/app/command-service.jar:ro
                  projection-1:
                    command: ["java", "-jar", "/app/projection-service.jar"]
                    ports: ["8081:8081"]
                    environment: &projection
                      KAFKA_BOOTSTRAP_SERVERS: kafka:29092
                      KES_HTTP_HOST: 0.0.0.0
                      KES_HTTP_PORT: "8081"
                      KES_HTTP_ADVERTISED_HOST: projection-1
                    volumes:
                      - ./projection-service/target/projection-service.jar:/app/projection-service.jar:ro
                      - projection-state:/data
                  projection-2:
                    command: ["java", "-jar", "/app/projection-service.jar"]
                    ports: ["8081:8081"]
                    environment:
                      <<: *projection
                      KES_APPLICATION_ID: another-projection
                      KES_HTTP_HOST: 127.0.0.1
                      KES_HTTP_ADVERTISED_HOST: projection-1
                    volumes:
                      - ./projection-service/target/projection-service.jar:/app/projection-service.jar:ro
                      - projection-state:/data
                  projection-3:
                    command: java -jar /app/projection-service.jar
                    ports: ["8083:8081"]
                    environment:
                      - KAFKA_BOOTSTRAP_SERVERS=kafka:29092
                      - KES_HTTP_HOST=0.0.0.0
                      - KES_POSITION_WAIT_MS=soon
                    volumes:
                      - ./projection-service/target/projection-service.jar:/app/projection-service.jar:ro
                  es-admin:
                    command: ["java", "-jar", "/app/es-admin.jar"]
                    volumes:
                      - ./command-service/target/command-service-0.1.0.jar:/app/es-admin.jar:ro
                """);
        assertThat(ComposeCheck.problems(bad, kindsByJar))
                .containsExactlyInAnyOrder(
                        "kafka: KAFKA_LOG_DIRECTORY: 'log.directory' is not a broker property",
                        "command-service: its command [java, -jar, /app/command.jar] does not run the jar mounted at "
                                + "/app/command-service.jar",
                        "command-service: KAFKA_BOOTSTRAP_SERVER: 'bootstrap.server' is not a Kafka client property",
                        "command-service: KES_HTTP_PROT: command-service reads no key 'http.prot'",
                        "command-service: KES_STREAMS_NUM_STREAM_THREAD: 'num.stream.thread' is not a Kafka Streams property",
                        "command-service: listens on port 8080, which ports [PortMapping[host=8080, container=9090]] "
                                + "do not publish",
                        "command-service: KAFKA_BOOTSTRAP_SERVERS names 'broker', no compose service",
                        "projection-2: listens on 127.0.0.1, unreachable from outside its container (KES_HTTP_HOST: 0.0.0.0)",
                        "projection-2: advertises 'projection-1' for forwarded queries, not its own service name "
                                + "(that is another instance)",
                        "projection-service: its instances have different application ids "
                                + "[another-projection, kes-projection-service], so they do not share the partitions",
                        "projection-2: host port 8081 is already projection-1's",
                        "projection-2: volume projection-state is projection-1's too",
                        "projection-3: projection-service would not start: "
                                + "configuration key 'position.wait.ms' must be an integer, got 'soon'",
                        "es-admin: mounts ./command-service/target/command-service-0.1.0.jar, which the build does not "
                                + "produce (it builds " + kindsByJar.keySet() + ")");
    }
}
