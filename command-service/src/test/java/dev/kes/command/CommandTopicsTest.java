package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.service.kafka.TopicSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policies the service creates its topics with. The results topic keeps a week, like the commands topic: the
 * transfer process manager reads refused credits from it, so its retention bounds how long that may be down.
 */
class CommandTopicsTest {

    @Test
    void theResultsTopicKeepsSevenDaysByDefault() {
        assertThat(results(CommandServiceConfig.of(Map.of())).configs())
                .containsEntry("retention.ms", "604800000")
                .containsEntry("cleanup.policy", "delete");
    }

    @Test
    void theResultsRetentionIsConfigurable() {
        final CommandServiceConfig config = CommandServiceConfig.of(Map.of("topic.results.retention.ms", "3600000"));

        assertThat(config.resultsRetention()).hasHours(1);
        assertThat(results(config).configs()).containsEntry("retention.ms", "3600000");
        // an operator may change it on an existing topic: only the cleanup policy is enforced
        assertThat(results(config).enforced()).containsExactly("cleanup.policy");
    }

    private static TopicSpec results(final CommandServiceConfig config) {
        return CommandTopics.specs(config).stream()
                .filter(spec -> spec.name().equals(config.topics().results()))
                .findFirst()
                .orElseThrow();
    }
}
