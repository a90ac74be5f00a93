package dev.kes.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.kafka.test.TopicInspection;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --brokers 3}: the whole stack on a three-node KRaft cluster, its topics replicated as on a production cluster
 * (replication factor 3, {@code min.insync.replicas} 2), and a command goes through.
 */
class ThreeNodeStackTest {
    @Test
    void theStackRunsOnThreeNodesWithReplicatedTopics(@TempDir final Path dataDir) throws Exception {
        final LocalStackOptions options = LocalStackOptions.parse(
                "--brokers", "3",
                "--data-dir", dataDir.toString(),
                "--kafka-port", "0",
                "--command-port", "0",
                "--query-port", "0",
                "--transfer-port", "0",
                "--registry-port", "0");

        try (LocalStack stack = LocalStack.start(options);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasSize(3);

            final HttpResponse<String> opened = new HttpTestClient(stack.commandPort())
                    .postJson(
                            "/accounts",
                            "{\"accountId\":\"three-nodes\",\"holder\":\"Ada\",\"initialDeposit\":\"5.00\"}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);

            final String events = TopicNames.defaults().events();
            assertThat(TopicInspection.describe(admin, events).partitions())
                    .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
            assertThat(TopicInspection.config(admin, events, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG))
                    .isEqualTo("2");
        }
    }

    @Test
    void brokersOutsideOneToFiveAreRefused() {
        assertThatThrownBy(() -> LocalStackOptions.parse("--brokers", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--brokers must be a number from 1 to 5");
        assertThatThrownBy(() -> LocalStackOptions.parse("--brokers", "6"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--brokers must be a number from");
    }
}
