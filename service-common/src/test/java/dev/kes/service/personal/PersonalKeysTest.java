package dev.kes.service.personal;

import static org.assertj.core.api.Assertions.assertThat;

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
     * catch-up is served as soon as it is asked for, not after the reader's idle poll: a migration seals the holders
     * of every account, one new key after the other.
     */
    @Test
    void aCatchUpIsServedAtOnceNotAfterTheReadersPoll(final KafkaTestCluster kafka) {
        final String topic = TestNames.unique("personal-keys") + ".keys";
        kafka.createTopic(topic, 1, PersonalKeysTopic.spec(topic, (short) 1).configs());
        final int accounts = 30;
        try (PersonalKeys keys = PersonalKeys.open(kafka.clientProperties(), topic, KeyEncryptionKey.random())) {
            keys.keyFor("warm-up");
            final long start = System.nanoTime();
            for (int i = 0; i < accounts; i++) {
                keys.keyFor("account-" + i);
            }
            final Duration took = Duration.ofNanos(System.nanoTime() - start);
            // the reader polls for 500 ms when idle: waiting for that poll would take 30 x 500 ms
            assertThat(took).as("%d new keys", accounts).isLessThan(Duration.ofSeconds(5));
            for (int i = 0; i < accounts; i++) {
                assertThat(keys.hasKeys("account-" + i)).isTrue();
            }
        }
    }
}
