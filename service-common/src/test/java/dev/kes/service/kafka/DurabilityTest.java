package dev.kes.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DurabilityTest {

    @Test
    void createdTopicsRequireTwoInSyncReplicasWhenTheyHaveThreeOrMore() {
        assertThat(Durability.topicConfigs((short) 3, 2)).isEqualTo(Map.of("min.insync.replicas", "2"));
        assertThat(Durability.topicConfigs((short) 5, 3)).isEqualTo(Map.of("min.insync.replicas", "3"));
        assertThat(Durability.topicConfigs((short) 2, 2)).isEmpty();
        assertThat(Durability.topicConfigs((short) -1, 2)).isEmpty();
        assertThat(Durability.streamsInternalTopics((short) 3, 2)).isEqualTo(Map.of("topic.min.insync.replicas", 2));
        assertThat(Durability.streamsInternalTopics((short) 1, 2)).isEmpty();
    }

    @Test
    void onlyThreeReplicasWithTwoInSyncAreDurable() {
        assertThat(Durability.problem("t", 3, 2)).isEmpty();
        assertThat(Durability.problem("t", 3, 1))
                .get()
                .asString()
                .contains("topic 't' has replication factor 3 and min.insync.replicas 1");
        assertThat(Durability.problem("t", 1, 1))
                .get()
                .asString()
                .contains("replication factor 1")
                .contains("KES_TOPIC_MIN_INSYNC_REPLICAS");
    }
}
