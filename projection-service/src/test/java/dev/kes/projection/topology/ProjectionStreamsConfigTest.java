package dev.kes.projection.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.projection.ProjectionServiceConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings on the path from a committed event to a query that waits for it. */
class ProjectionStreamsConfigTest {
    private static StreamsConfig streams(final Map<String, String> overrides) {
        return new StreamsConfig(ProjectionStreamsConfig.properties(ProjectionServiceConfig.of(overrides)));
    }

    /** Each transfer event goes through the transfers-by-id topic: the producer must not hold it for 100 ms. */
    @Test
    void theProducerLingersAsKafkasClientDefaultNotStreams() {
        assertThat(streams(Map.of()).getProducerConfigs("client").get(ProducerConfig.LINGER_MS_CONFIG))
                .isEqualTo(ProjectionStreamsConfig.LINGER_MS);
        assertThat(ProjectionStreamsConfig.LINGER_MS).isLessThanOrEqualTo(5);
    }

    @Test
    void anOperatorsLingerStillWins() {
        assertThat(streams(Map.of("streams.producer.linger.ms", "50"))
                        .getProducerConfigs("client")
                        .get(ProducerConfig.LINGER_MS_CONFIG))
                .isEqualTo("50");
    }

    @Test
    void theMainConsumerReadsCommittedEventsOnly() {
        assertThat(streams(Map.of())
                        .getMainConsumerConfigs("group", "client", 0)
                        .get(ConsumerConfig.ISOLATION_LEVEL_CONFIG))
                .isEqualTo("read_committed");
    }
}
