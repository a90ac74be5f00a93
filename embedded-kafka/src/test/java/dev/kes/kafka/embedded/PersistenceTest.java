package dev.kes.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {

    @Test
    void restartOnSameDirAndPortKeepsRecordsAndClusterId(@TempDir Path dataDir) throws Exception {
        int port = FreePorts.base(1);
        String clusterId;
        List<String> sent = produceAndRemember(5);
        try (EmbeddedKafkaCluster first = cluster(dataDir, port).start()) {
            assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            clusterId = Clients.clusterId(first.bootstrapServers());
            Clients.createTopic(first.bootstrapServers(), "kept", 1, 1, Map.of());
            send(first.bootstrapServers(), "kept", sent);
        }
        assertThat(dataDir.resolve("node-0").resolve("meta.properties")).exists();

        try (EmbeddedKafkaCluster second = cluster(dataDir, port).start()) {
            assertThat(Clients.clusterId(second.bootstrapServers())).isEqualTo(clusterId);
            assertThat(Clients.consume(second.bootstrapServers(), "kept", "read_committed", sent.size()))
                    .containsExactlyElementsOf(sent);
        }
        assertThat(dataDir).exists();
    }

    @Test
    void survivesKillDashNine(@TempDir Path dataDir, @TempDir Path logDir) throws Exception {
        int port = FreePorts.base(1);
        String bootstrap = "127.0.0.1:" + port;
        List<String> sent = produceAndRemember(50);
        String clusterId;
        Process child = startChildJvm(dataDir, port, logDir.resolve("child.log").toFile());
        try {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> Clients.clusterId(bootstrap) != null);
            clusterId = Clients.clusterId(bootstrap);
            Clients.createTopic(bootstrap, "acked", 2, 1, Map.of());
            send(bootstrap, "acked", sent);
        } finally {
            child.destroyForcibly(); // SIGKILL: no clean shutdown, no flush
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        try (EmbeddedKafkaCluster restarted = cluster(dataDir, port).start()) {
            assertThat(restarted.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(Clients.clusterId(bootstrap)).isEqualTo(clusterId);
            assertThat(Clients.consume(bootstrap, "acked", "read_committed", sent.size()))
                    .containsExactlyInAnyOrderElementsOf(sent);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("acked");
            }
        }
    }

    @Test
    void refusesADataDirFormattedForAnotherBrokerCount(@TempDir Path dataDir) {
        try (EmbeddedKafkaCluster one = cluster(dataDir, 0).start()) {
            assertThat(one.size()).isEqualTo(1);
        }
        EmbeddedKafkaCluster three =
                EmbeddedKafkaCluster.builder().brokers(3).dataDir(dataDir).build();
        assertThatThrownBy(three::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 broker");
        assertThat(dataDir).exists();
    }

    private static EmbeddedKafkaCluster cluster(Path dataDir, int port) {
        return EmbeddedKafkaCluster.builder().dataDir(dataDir).kafkaPort(port).build();
    }

    private static List<String> produceAndRemember(int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add("event-" + i);
        }
        return values;
    }

    private static void send(String bootstrap, String topic, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap, Map.of())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startChildJvm(Path dataDir, int port, File log) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-cp",
                        classpath,
                        EmbeddedKafkaMain.class.getName(),
                        "--data-dir",
                        dataDir.toString(),
                        "--kafka-port",
                        Integer.toString(port),
                        "--brokers",
                        "1")
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }
}
