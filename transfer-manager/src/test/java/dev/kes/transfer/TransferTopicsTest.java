package dev.kes.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.service.kafka.TopicSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whichever of the manager and the command service starts first creates the topics they share: the manager must
 * ask for the command service's policies, or the results topic's retention (which bounds how long the manager may
 * be down) would depend on the start order.
 */
class TransferTopicsTest {

    @Test
    void theResultsTopicKeepsSevenDaysAsTheCommandServiceCreatesIt() {
        final TransferManagerConfig config = TransferManagerConfig.of(Map.of());
        final TopicSpec results = TransferTopics.specs(config).stream()
                .filter(spec -> spec.name().equals(config.topics().results()))
                .findFirst()
                .orElseThrow();

        assertThat(results.configs())
                .containsEntry("retention.ms", "604800000")
                .containsEntry("cleanup.policy", "delete");
        assertThat(results.enforced()).containsExactly("cleanup.policy");
    }
}
