package dev.kes.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Closing twice closes once; a start that fails part-way leaves nothing of itself running. */
@WithKafka
class TransferManagerCloseTest {

    @Test
    void closingTwiceStopsOnce(final KafkaTestCluster kafka, @TempDir final Path state) {
        final Logger log = (Logger) LoggerFactory.getLogger(TransferManager.class);
        final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            final TransferManager manager = TransferManager.start(TransferManagerConfig.of(config(kafka, state)));
            await().atMost(Duration.ofSeconds(60)).until(() -> manager.state() == KafkaStreams.State.RUNNING);

            manager.close();
            manager.close();

            assertThat(manager.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        } finally {
            log.detachAppender(appender);
        }
        final List<String> stopped;
        synchronized (appender) {
            stopped = appender.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.contains("transfer-manager stopped"))
                    .toList();
        }
        assertThat(stopped).hasSize(1);
    }

    @Test
    void aStartFailingAtItsHttpPortClosesTheStreamsItHadCreated(final KafkaTestCluster kafka, @TempDir final Path state)
            throws IOException {
        final Map<String, String> config = config(kafka, state);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            config.put("http.port", String.valueOf(taken.getLocalPort()));
            assertThatThrownBy(() -> TransferManager.start(TransferManagerConfig.of(config)))
                    .isInstanceOf(RuntimeException.class);
        }

        // the state directory is locked by a Kafka Streams instance until it closes
        config.put("http.port", "0");
        try (TransferManager manager = TransferManager.start(TransferManagerConfig.of(config))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> manager.state() == KafkaStreams.State.RUNNING);
        }
    }

    private static Map<String, String> config(final KafkaTestCluster kafka, final Path state) {
        return TestManagers.settings(kafka, TestNames.unique("transfer-close"), state);
    }
}
