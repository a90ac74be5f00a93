package dev.kes.service.logging;

import org.slf4j.MDC;

import java.util.regex.Pattern;

/**
 * The keys this system puts into the logging MDC while it handles a command or a request, shown by the logback
 * pattern as {@code commandId=… correlationId=…}: one grep follows a command from its HTTP request through the
 * processor.
 */
public final class LogContext {
    public static final String COMMAND_ID = "commandId";
    public static final String CORRELATION_ID = "correlationId";
    /** What a client-sent id may look like before it goes into a log line: visible ASCII, bounded. */
    private static final Pattern SAFE = Pattern.compile("[\\x21-\\x7E]{1,128}");

    /** Removes the keys again; {@code close()} throws nothing, so try-with-resources needs no catch. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private LogContext() {
    }

    /** Sets both keys for the duration of a try-with-resources block (a null value leaves its key out). */
    public static Scope command(final String commandId, final String correlationId) {
        put(COMMAND_ID, commandId);
        put(CORRELATION_ID, correlationId);
        return LogContext::clear;
    }

    public static void put(final String key, final String value) {
        final String safe = safe(value);
        if (safe == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, safe);
        }
    }

    public static void clear() {
        MDC.remove(COMMAND_ID);
        MDC.remove(CORRELATION_ID);
    }

    /** A value that cannot forge log lines (no line breaks, no spaces), or null. */
    private static String safe(final String value) {
        return value != null && SAFE.matcher(value).matches() ? value : null;
    }
}
