package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.kes.command.testing.CapturedLogs;
import dev.kes.command.testing.TestServices;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start and a stop each leave one INFO line an operator can find, and a start leaves no warning that contradicts
 * the service's own settings.
 */
@WithKafka
class LifecycleLogsTest {

    @Test
    void oneLineWhenReadyOneWhenStoppedAndNoWarningAgainstOurSettings(
            final KafkaTestCluster kafka, @TempDir final Path state) {
        final Map<String, String> config = TestServices.config(kafka, "lifecycle-logs", state);
        final List<ILoggingEvent> events;
        final int port;
        try (CapturedLogs logs = new CapturedLogs(Level.INFO, "dev.kes", "org.apache.kafka.streams")) {
            try (CommandService service = TestServices.startReady(config)) {
                port = service.httpPort();
                // and again when the try ends: closing twice closes once
                service.close();
            }
            events = logs.events();
        }

        assertThat(lines(events, Level.INFO, "command-service ready"))
                .singleElement()
                .asString()
                .contains("http://127.0.0.1:" + port, config.get("application.id"), kafka.bootstrapServers());
        assertThat(lines(events, Level.INFO, "command-service stopped")).hasSize(1);
        assertThat(lines(events, Level.WARN, "processing.exception.handler.global.enabled"))
                .isEmpty();
    }

    private static List<String> lines(final List<ILoggingEvent> events, final Level level, final String text) {
        return events.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains(text))
                .toList();
    }
}
