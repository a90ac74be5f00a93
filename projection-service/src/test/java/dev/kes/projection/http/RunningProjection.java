package dev.kes.projection.http;

import static org.awaitility.Awaitility.await;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.service.kafka.TopicNames;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One projection instance for a test class, on its own topics ({@link TestProjections#config}, 3 partitions),
 * RUNNING when {@link #start} returns; the test produces events to it and queries it over HTTP.
 */
record RunningProjection(KafkaTestCluster kafka, String topic, ProjectionService service, TestHttp api)
        implements AutoCloseable {

    /** @param settings keys the test sets on top of the common ones */
    static RunningProjection start(
            final KafkaTestCluster kafka, final String name, final Path state, final Map<String, String> settings) {
        final String prefix = TestNames.unique(name);
        final Map<String, String> config = TestProjections.config(kafka, prefix, 3, state);
        config.putAll(settings);
        final ProjectionService service = ProjectionService.start(ProjectionServiceConfig.of(config));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.state() == KafkaStreams.State.RUNNING);
        } catch (RuntimeException | Error e) {
            service.close();
            throw e;
        }
        return new RunningProjection(
                kafka, TopicNames.prefixed(prefix).events(), service, new TestHttp(service.httpPort()));
    }

    HttpResponse<String> get(final String pathAndQuery, final String... headers) {
        return api.get(pathAndQuery, headers);
    }

    /** Writes the events as the command service does and returns once each is acknowledged. */
    void produce(final SpecificRecord... events) throws Exception {
        TestProducer.produce(kafka, topic, List.of(events));
    }

    @Override
    public void close() {
        service.close();
    }
}
