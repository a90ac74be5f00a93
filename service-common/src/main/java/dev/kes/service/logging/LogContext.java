package dev.kes.service.logging;

import org.slf4j.MDC;

/**
 * The keys this system puts into the logging MDC while it handles a command or a request, shown by the logback
 * pattern as {@code commandId=… correlationId=…}: one grep follows a command from its HTTP request through the
 * processor.
 */
public final class LogContext {
    public static final String COMMAND_ID = "commandId";
    public static final String CORRELATION_ID = "correlationId";
    /** How long a client-sent id may be before it goes into a log line. */
    private static final int MAX_LENGTH = 128;

    /** Removes the keys again; {@code close()} throws nothing, so try-with-resources needs no catch. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private LogContext() {}

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

    /**
     * A value that cannot forge log lines, or null: 1-128 visible ASCII characters (no line breaks, no spaces).
     * A loop rather than a regex: it runs for every command the processor handles.
     */
    private static String safe(final String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return null;
            }
        }
        return value;
    }
}
