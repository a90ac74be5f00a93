package dev.kes.projection.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.projection.query.EventViews;
import dev.kes.projection.query.FeedEvent;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.personal.PersonalData;
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
        final FeedEvent event = FeedEvent.of(
                record.key(),
                record.partition(),
                record.offset(),
                EventViews.toResponse(codec, record.value() == null ? new byte[0] : record.value(), personal));
        try {
            return new FeedRecord(event, mapper.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event view is always serialisable", e);
        }
    }
}
