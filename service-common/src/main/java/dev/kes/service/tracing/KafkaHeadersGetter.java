package dev.kes.service.tracing;

import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads propagation fields from Kafka record headers (UTF-8 values); the last header of a name wins, as in Kafka. */
public enum KafkaHeadersGetter implements TextMapGetter<Headers> {
    INSTANCE;

    @Override
    public Iterable<String> keys(final Headers carrier) {
        final List<String> keys = new ArrayList<>();
        for (final Header header : carrier) {
            keys.add(header.key());
        }
        return keys;
    }

    @Override
    public String get(final Headers carrier, final String key) {
        if (carrier == null) {
            return null;
        }
        final Header header = carrier.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
