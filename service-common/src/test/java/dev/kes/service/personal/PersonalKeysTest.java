package dev.kes.service.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The keys topic's reader on a real broker. */
@WithKafka
class PersonalKeysTest {

    /**
     * Each new account looks for its key in the topic before making one (a catch-up with the reader thread); that
     * catch-up is served as soon as it is asked for, not after the reader's idle poll, which here is an hour long: a
     * migration seals the holders of every account, one new key after the other.
     */
    @Test
    void aCatchUpIsServedAtOnceNotAfterTheReadersIdlePoll(final KafkaTestCluster kafka) {
        final String topic = TestNames.unique("personal-keys") + ".keys";
        kafka.createTopic(topic, 1, PersonalKeysTopic.spec(topic, (short) 1).configs());
        final int accounts = 30;
        try (PersonalKeys keys = PersonalKeys.open(
                kafka.clientProperties(), topic, KeyEncryptionKey.random(), false, Duration.ofHours(1))) {
            // each catch-up waiting for the idle poll would take an hour; served at once, all are done well within it
            assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
                for (int i = 0; i < accounts; i++) {
                    keys.keyFor("account-" + i);
                }
            });
            for (int i = 0; i < accounts; i++) {
                assertThat(keys.hasKeys("account-" + i)).isTrue();
            }
        }
    }
}
