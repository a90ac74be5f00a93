package dev.kes.service.kafka;

/**
 * Headers a dead-lettered record carries beside its original key and bytes, on {@code account-commands-dlq} and
 * {@code transfer-manager-dlq} alike, so that one tool reads both.
 */
public final class DeadLetterHeaders {
    public static final String REASON = "kes.dlq.reason";
    public static final String ERROR_CLASS = "kes.dlq.error.class";
    public static final String SOURCE_TOPIC = "kes.dlq.source.topic";
    public static final String SOURCE_PARTITION = "kes.dlq.source.partition";
    public static final String SOURCE_OFFSET = "kes.dlq.source.offset";

    private DeadLetterHeaders() {}
}
