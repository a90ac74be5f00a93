package dev.kes.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kes.service.config.CommonSettings;
import dev.kes.service.config.Settings;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.http.Readiness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ServiceLifecycleTest {
    private final Logger log = (Logger) LoggerFactory.getLogger("dev.kes.service.test-service");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final CommonSettings settings = CommonSettings.from(
            Settings.of(CommonSettings.defaults("lifecycle-test", 0, "data/lifecycle-test", Map.of())));
    private final List<String> closed = new ArrayList<>();

    @BeforeEach
    void capture() {
        appender.start();
        log.addAppender(appender);
    }

    @AfterEach
    void release() {
        log.detachAppender(appender);
    }

    @Test
    void whatStartedClosesInReverseOrderOnceAndTheStoppedLineComesOnce() {
        final ServiceLifecycle lifecycle = new ServiceLifecycle(log, "test-service", settings);
        lifecycle.start(() -> {
            lifecycle.started(() -> closed.add("metrics"));
            lifecycle.started(() -> closed.add("streams"));
            lifecycle.started(() -> closed.add("http"));
            return lifecycle;
        });

        lifecycle.close();
        lifecycle.close();

        assertThat(closed).containsExactly("http", "streams", "metrics");
        assertThat(lines("test-service stopped")).hasSize(1);
    }

    @Test
    void aFailingStartStepClosesWhatHadStartedAndThrowsOn() {
        final ServiceLifecycle lifecycle = new ServiceLifecycle(log, "test-service", settings);
        final IllegalStateException failure = new IllegalStateException("the HTTP port is taken");

        assertThatThrownBy(() -> lifecycle.start(() -> {
                    lifecycle.started(() -> closed.add("metrics"));
                    lifecycle.started(() -> closed.add("streams"));
                    throw failure;
                }))
                .isSameAs(failure);

        assertThat(closed).containsExactly("streams", "metrics");
        lifecycle.close();
        assertThat(closed).as("closed once").hasSize(2);
        assertThat(lines("stopped"))
                .as("a service that never started does not say it stopped")
                .isEmpty();
    }

    @Test
    void oneFailingCloseDoesNotKeepTheOthersOpen() {
        final ServiceLifecycle lifecycle = new ServiceLifecycle(log, "test-service", settings);
        lifecycle.start(() -> {
            lifecycle.started(() -> closed.add("metrics"));
            lifecycle.started(() -> {
                throw new IOException("broker gone");
            });
            lifecycle.started(() -> closed.add("http"));
            return lifecycle;
        });

        assertThatThrownBy(lifecycle::close).hasRootCauseMessage("broker gone");

        assertThat(closed).containsExactly("http", "metrics");
        assertThat(lines("test-service stopped")).hasSize(1);
    }

    @Test
    void notReadyUntilTheHttpServerListensThenOneReadyLineNamingWhereItListens() throws IOException {
        final ServiceLifecycle lifecycle = new ServiceLifecycle(log, "test-service", settings);
        final Readiness readiness = lifecycle.watching(() -> null);
        assertThat(readiness.notReadyReason()).isEqualTo("starting");

        final HttpServer http =
                lifecycle.listening(HttpServer.start("127.0.0.1", 0, Json.mapper(), readiness, () -> "", app -> {}));
        final int port = http.port();
        assertThat(readiness.notReadyReason()).isNull();
        assertThat(readiness.notReadyReason()).isNull();
        lifecycle.close();

        assertThat(lines("test-service ready"))
                .singleElement()
                .asString()
                .contains("http://127.0.0.1:" + port, "lifecycle-test", "127.0.0.1:9092");
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000))
                    .as("the HTTP server closed with the service")
                    .isInstanceOf(IOException.class);
        }
    }

    private List<String> lines(final String text) {
        synchronized (appender) {
            return appender.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains(text))
                    .toList();
        }
    }
}
