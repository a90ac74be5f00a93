package dev.kes.command.testing;

import dev.kes.domain.AccountEvent;
import dev.kes.schemas.common.Metadata;
import dev.kes.service.mapping.EventMapping;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One record of account-events as the tests check it: where it is, its envelope and the domain event. */
public record StoredEvent(String key, int partition, String eventId, String causationId, AccountEvent event) {

    public static StoredEvent of(final ConsumerRecord<String, byte[]> record, final SpecificRecord avro) {
        final Metadata metadata = (Metadata) field(avro, "metadata");
        return new StoredEvent(
                record.key(),
                record.partition(),
                String.valueOf(field(avro, "eventId")),
                metadata.getCausationId(),
                EventMapping.toDomain(avro)
                        .orElseThrow(() -> new AssertionError("not an account event on the events topic: "
                                + avro.getSchema().getFullName())));
    }

    private static Object field(final SpecificRecord avro, final String name) {
        return avro.get(avro.getSchema().getField(name).pos());
    }

    public String accountId() {
        return event.accountId();
    }

    public long version() {
        return event.version();
    }
}
