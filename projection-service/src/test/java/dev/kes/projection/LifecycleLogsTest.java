package dev.kes.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * One INFO line when the projection is ready, one when it stopped (closed twice, it stops once), and no start-up
 * warning against its settings.
 */
@WithKafka
class LifecycleLogsTest {

    @Test
    void oneLineWhenReadyOneWhenStoppedAndNoWarningAgainstOurSettings(
            final KafkaTestCluster kafka, @TempDir final Path state) {
        final String prefix = TestNames.unique("projection-lifecycle");
        final Map<String, String> config = Map.of(
                "kafka.bootstrap.servers",
                kafka.bootstrapServers(),
                "application.id",
                prefix,
                "topic.events",
                prefix + ".account-events",
                "topic.partitions",
                "2",
                "http.port",
                "0",
                "state.dir",
                state.toString(),
                "num.standby.replicas",
                "0",
                "topic.personal.keys",
                prefix + ".kes-personal-keys",
                "personal.kek.generate",
                "true");
        final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        final int port;
        try {
            try (ProjectionService service = ProjectionService.start(ProjectionServiceConfig.of(config))) {
                port = service.httpPort();
                await().atMost(Duration.ofSeconds(60)).until(() -> service.state() == KafkaStreams.State.RUNNING);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !lines(appender, Level.INFO, "projection-service ready")
                                .isEmpty());
                // and again when the try ends: closing twice closes once
                service.close();
            }
        } finally {
            root.detachAppender(appender);
        }

        assertThat(lines(appender, Level.INFO, "projection-service ready"))
                .singleElement()
                .asString()
                .contains("http://127.0.0.1:" + port, prefix, kafka.bootstrapServers());
        assertThat(lines(appender, Level.INFO, "projection-service stopped")).hasSize(1);
        assertThat(lines(appender, Level.WARN, "processing.exception.handler.global.enabled"))
                .isEmpty();
    }

    private static List<String> lines(
            final ListAppender<ILoggingEvent> appender, final Level level, final String text) {
        synchronized (appender) {
            return appender.list.stream()
                    .filter(e -> e.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(message -> message.contains(text))
                    .toList();
        }
    }
}
