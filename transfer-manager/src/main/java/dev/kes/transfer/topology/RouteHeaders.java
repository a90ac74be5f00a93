package dev.kes.transfer.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * What a router tells the transfer processor across the repartition topic, in headers beside the original bytes:
 * where the record was read (a dead letter names its real source, not the repartition topic) and, for a record it
 * could not read, why. Stripped again before anything leaves the application.
 */
final class RouteHeaders {
    static final String PREFIX = "kes.transfer.route.";
    static final String TOPIC = PREFIX + "topic";
    static final String PARTITION = PREFIX + "partition";
    static final String OFFSET = PREFIX + "offset";
    /** Absent when the original key was null. */
    static final String KEY = PREFIX + "key";

    static final String UNREADABLE_CLASS = PREFIX + "unreadable.class";
    static final String UNREADABLE_REASON = PREFIX + "unreadable.reason";

    private RouteHeaders() {}

    /** The original headers without route headers (a record copied back from a DLQ may carry some), plus the origin. */
    static Headers stamped(final Headers original, final String key, final Optional<RecordMetadata> source) {
        final Headers headers = withoutRoute(original);
        if (key != null) {
            headers.add(KEY, bytes(key));
        }
        source.ifPresent(meta -> {
            headers.add(TOPIC, bytes(meta.topic()));
            headers.add(PARTITION, bytes(String.valueOf(meta.partition())));
            headers.add(OFFSET, bytes(String.valueOf(meta.offset())));
        });
        return headers;
    }

    /** The record keyed by {@code transferId} for the repartition, its origin stamped in the headers. */
    static Record<String, byte[]> rekeyed(
            final Record<String, byte[]> record, final String transferId, final Optional<RecordMetadata> source) {
        return new Record<>(
                transferId, record.value(), record.timestamp(), stamped(record.headers(), record.key(), source));
    }

    static Headers withoutRoute(final Headers original) {
        final Headers copy = new RecordHeaders();
        for (final Header header : original) {
            if (!header.key().startsWith(PREFIX)) {
                copy.add(header.key(), header.value());
            }
        }
        return copy;
    }

    static Optional<String> text(final Headers headers, final String key) {
        final Header header = headers.lastHeader(key);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
