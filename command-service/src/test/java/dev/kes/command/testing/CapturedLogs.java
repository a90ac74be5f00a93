package dev.kes.command.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything logged while this is open, with some loggers at a level of the test's choosing (Kafka's client config
 * dumps are INFO, for example, while the test configuration shows WARN). What those loggers log goes only here, not
 * to the console as well. Closing restores them.
 */
public final class CapturedLogs implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(final ILoggingEvent event) {
            // an event reads the MDC and formats its message lazily: do it now, on the thread that logged it
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private final Map<Logger, Level> previousLevels = new HashMap<>();
    private final Map<Logger, Boolean> previousAdditivity = new HashMap<>();
    private final Logger root;

    /** Everything these loggers log at DEBUG and above (for callers without logback on their compile path). */
    public static CapturedLogs debug(final String... loggerNames) {
        return new CapturedLogs(Level.DEBUG, loggerNames);
    }

    public CapturedLogs(final Level level, final String... loggerNames) {
        final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(context);
        appender.start();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        for (final String name : loggerNames) {
            final Logger logger = context.getLogger(name);
            previousLevels.put(logger, logger.getLevel());
            previousAdditivity.put(logger, logger.isAdditive());
            logger.setLevel(level);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
    }

    public List<ILoggingEvent> events() {
        // the appender appends under its own lock (AppenderBase.doAppend is synchronized)
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    /** Each event as text: its message, and the messages of its exception and causes. */
    public List<String> lines() {
        final List<String> lines = new ArrayList<>();
        for (final ILoggingEvent event : events()) {
            final StringBuilder line =
                    new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                line.append(" | ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public void close() {
        previousLevels.forEach((logger, level) -> {
            logger.detachAppender(appender);
            logger.setLevel(level);
            logger.setAdditive(previousAdditivity.get(logger));
        });
        root.detachAppender(appender);
        appender.stop();
    }
}
