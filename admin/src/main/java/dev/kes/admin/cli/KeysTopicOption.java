package dev.kes.admin.cli;

import dev.kes.service.kafka.TopicNames;
import picocli.CommandLine.Option;

/** {@code --keys-topic}, the personal data keys topic (the services' {@code topic.personal.keys}). */
final class KeysTopicOption {
    @Option(
            names = "--keys-topic",
            paramLabel = "TOPIC",
            defaultValue = TopicNames.PERSONAL_KEYS,
            description = "the data keys topic (default: ${DEFAULT-VALUE})")
    private String topic;

    String topic() {
        return topic;
    }
}
