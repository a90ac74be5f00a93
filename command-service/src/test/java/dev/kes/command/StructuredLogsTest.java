package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.kes.command.testing.CapturedLogs;
import dev.kes.command.testing.HttpTestClient;
import dev.kes.command.testing.TestServices;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.WithKafka;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a command logs, on the HTTP thread and on the stream thread, carries its commandId and correlationId in the
 * MDC, and the service's logback pattern prints them as {@code commandId=… correlationId=…}.
 */
@WithKafka
class StructuredLogsTest {
    private static final String HANDLERS = "dev.kes.command.http.CommandHandlers";
    private static final String PROCESSOR = "dev.kes.command.topology.CommandProcessor";

    @Test
    void aCommandsLogLinesNameItAndItsCorrelation(final KafkaTestCluster kafka, @TempDir final Path state)
            throws Exception {
        try (CommandService service = TestServices.startReady(TestServices.config(kafka, "structured-logs", state));
                CapturedLogs logs = new CapturedLogs(Level.DEBUG, HANDLERS, PROCESSOR)) {
            final HttpTestClient http = TestServices.http(service);
            assertThat(http.postJson(
                                    "/accounts",
                                    "{\"accountId\":\"logged-1\",\"holder\":\"Log\",\"initialDeposit\":\"1\"}",
                                    "Idempotency-Key",
                                    "open-logged-1",
                                    "X-Correlation-Id",
                                    "trace-logged-1")
                            .statusCode())
                    .isEqualTo(201);
            // without X-Correlation-Id the correlation id is the command's own id, as on its events
            assertThat(http.postJson(
                                    "/accounts/logged-1/deposits",
                                    "{\"amount\":\"1\"}",
                                    "Idempotency-Key",
                                    "deposit-logged-1")
                            .statusCode())
                    .isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(mdcOf(logs, HANDLERS, "open-logged-1")).containsEntry("correlationId", "trace-logged-1");
                assertThat(mdcOf(logs, PROCESSOR, "open-logged-1")).containsEntry("correlationId", "trace-logged-1");
                assertThat(mdcOf(logs, PROCESSOR, "deposit-logged-1"))
                        .containsEntry("correlationId", "deposit-logged-1");
            });

            final ILoggingEvent processed = logs.events().stream()
                    .filter(e -> e.getLoggerName().equals(PROCESSOR))
                    .filter(e -> "open-logged-1".equals(e.getMDCPropertyMap().get("commandId")))
                    .findFirst()
                    .orElseThrow();
            assertThat(layout(mainPattern()).doLayout(processed))
                    .contains(
                            " - commandId=open-logged-1 correlationId=trace-logged-1 OpenAccount of account logged-1");
        }
    }

    @Test
    void thePatternLeavesOutKeysThatAreNotSet() throws Exception {
        final ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("plain");
        final ILoggingEvent event =
                new ch.qos.logback.classic.spi.LoggingEvent("fqcn", logger, Level.INFO, "no command here", null, null);
        assertThat(layout(mainPattern()).doLayout(event)).contains(" plain - no command here");
    }

    private static Map<String, String> mdcOf(final CapturedLogs logs, final String logger, final String commandId) {
        final List<Map<String, String>> found = logs.events().stream()
                .filter(e -> e.getLoggerName().equals(logger))
                .map(ILoggingEvent::getMDCPropertyMap)
                .filter(mdc -> commandId.equals(mdc.get("commandId")))
                .toList();
        assertThat(found).as("a %s line with commandId=%s", logger, commandId).isNotEmpty();
        return found.get(0);
    }

    /** The pattern of the logback.xml the service ships (the tests themselves run with logback-test.xml). */
    private static String mainPattern() throws Exception {
        try (InputStream in = StructuredLogsTest.class.getClassLoader().getResourceAsStream("logback.xml")) {
            final Matcher pattern = Pattern.compile("<pattern>(.*)</pattern>")
                    .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(pattern.find()).isTrue();
            return pattern.group(1);
        }
    }

    private static PatternLayout layout(final String pattern) {
        final PatternLayout layout = new PatternLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }
}
