package dev.kes.service.tracing;

import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Writes propagation fields into Kafka record headers (UTF-8 values), replacing any header of the same name: a
 * record passed on (a dead letter, a repartitioned event) must not carry its old context beside the new one.
 */
public enum KafkaHeadersSetter implements TextMapSetter<Headers> {
    INSTANCE;

    @Override
    public void set(final Headers carrier, final String key, final String value) {
        if (carrier == null) {
            return;
        }
        carrier.remove(key);
        carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
