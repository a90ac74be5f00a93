package dev.kes.projection.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.projection.query.EventViews;
import dev.kes.projection.query.FeedEvent;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.personal.PersonalData;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** From a record of the events topic to its feed form; an undecodable one is shown as {@code unreadable}. */
final class FeedDecoder {
    private final AvroCodec codec;
    private final ObjectMapper mapper;
    private final PersonalData personal;

    FeedDecoder(final AvroCodec codec, final ObjectMapper mapper, final PersonalData personal) {
        this.codec = codec;
        this.mapper = mapper;
        this.personal = personal;
    }

    FeedRecord decode(final ConsumerRecord<String, byte[]> record) {
        return render(FeedEvent.of(
                record.key(),
                record.partition(),
                record.offset(),
                EventViews.toResponse(codec, record.value() == null ? new byte[0] : record.value(), personal)));
    }

    /**
     * The record as a read after its account's erasure answers it: personal fields null and flagged. For what was
     * revealed before the erasure and still waits in a live stream's queue; a record without any is kept as it is.
     */
    FeedRecord erased(final FeedRecord record) {
        final FeedEvent event = record.event();
        if (event == null
                || event.data().keySet().stream().noneMatch(PersonalData::isPersonalField)
                || Boolean.TRUE.equals(event.data().get("personalDataErased"))) {
            return record;
        }
        final Map<String, Object> data = new LinkedHashMap<>(event.data());
        data.replaceAll((name, value) -> PersonalData.isPersonalField(name) ? null : value);
        data.put("personalDataErased", true);
        return render(new FeedEvent(
                event.accountId(),
                event.partition(),
                event.offset(),
                event.position(),
                event.eventId(),
                event.type(),
                event.version(),
                event.occurredAt(),
                data,
                event.metadata()));
    }

    private FeedRecord render(final FeedEvent event) {
        try {
            return new FeedRecord(event, mapper.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event view is always serialisable", e);
        }
    }
}
