package dev.kes.command.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.testing.TestServices;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import dev.kes.service.kafka.TopicNames;
import dev.kes.service.personal.KeyEncryptionKey;
import dev.kes.service.personal.PersonalDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service refuses to start without its key-encryption key, or with another one than its keys topic was written with. */
@WithKafka
class KeyEncryptionKeyStartupTest {

    @Test
    void aWrongKeyStopsTheStartWithAClearLineAndWritesNothing(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        final Map<String, String> config = TestServices.config(kafka, "wrong-kek", state.resolve("first"));
        final TopicNames topics = TestServices.topics(config);
        try (CommandService first = TestServices.startReady(config)) {
            TestServices.open(TestServices.http(first), "kek-1", "1.00");
        }
        final Map<TopicPartition, Long> before = endOffsets(kafka, topics);
        final Path otherKek = state.resolve("other.kek");
        Files.writeString(otherKek, KeyEncryptionKey.newBase64());
        config.put("personal.kek.file", otherKek.toString());
        config.put("state.dir", state.resolve("second").toString());

        assertThatThrownBy(() -> CommandService.start(CommandServiceConfig.of(config)))
                .isInstanceOf(PersonalDataException.class)
                .hasMessageContaining("another key-encryption key")
                .hasMessageContaining("not starting");
        assertThat(endOffsets(kafka, topics)).isEqualTo(before);
    }

    @Test
    void noKeyConfiguredStopsTheStart(final KafkaTestCluster kafka, @TempDir final Path state) {
        final Map<String, String> config = TestServices.config(kafka, "no-kek", state);
        config.remove("personal.kek.file");

        assertThatThrownBy(() -> CommandService.start(CommandServiceConfig.of(config)))
                .isInstanceOf(PersonalDataException.class)
                .hasMessageContaining("no key-encryption key: set personal.kek.file");
    }

    /** The end offsets of the keys, commands and events topics. */
    private static Map<TopicPartition, Long> endOffsets(final KafkaTestCluster kafka, final TopicNames topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                kafka.clientProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions =
                    List.of(topics.personalKeys(), topics.commands(), topics.events()).stream()
                            .flatMap(topic -> consumer.partitionsFor(topic).stream()
                                    .map(p -> new TopicPartition(topic, p.partition())))
                            .toList();
            return consumer.endOffsets(partitions);
        }
    }
}
