package dev.kes.projection.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountClosed;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.TransferRefunded;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.service.personal.PersonalData;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventViewsTest {
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123Z");
    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void rendersTheEnvelopeTheTypesFieldsAndTheMetadata() {
        final Metadata metadata = new Metadata("corr-1", "cmd-1", Map.of("source", "import"));
        final MoneyDeposited event = new MoneyDeposited(
                "evt-2", "acc-1", 2L, AT, metadata, new BigDecimal("10.50"), "salary", new BigDecimal("110.50"));
        final EventResponse response = EventViews.toResponse(codec, 2, codec.encode(event), PersonalData.NONE);
        assertThat(response.eventId()).isEqualTo("evt-2");
        assertThat(response.type()).isEqualTo("MoneyDeposited");
        assertThat(response.version()).isEqualTo(2);
        assertThat(response.occurredAt()).isEqualTo("2026-03-01T10:15:30.123Z");
        assertThat(response.data())
                .containsExactly(
                        Map.entry("amount", "10.50"),
                        Map.entry("description", "salary"),
                        Map.entry("balanceAfter", "110.50"));
        assertThat(response.metadata())
                .containsEntry("correlationId", "corr-1")
                .containsEntry("causationId", "cmd-1")
                .containsEntry("extra", Map.of("source", "import"));
    }

    @Test
    void transferEventsShowTheTransferAndTheOtherAccount() {
        final TransferRefunded event = new TransferRefunded(
                "evt-4",
                "acc-1",
                4L,
                AT,
                Metadata.newBuilder().build(),
                "t-1",
                "acc-2",
                new BigDecimal("30.00"),
                "account acc-2 is closed",
                new BigDecimal("100.00"));
        final EventResponse response = EventViews.toResponse(codec, 4, codec.encode(event), PersonalData.NONE);
        assertThat(response.type()).isEqualTo("TransferRefunded");
        assertThat(response.data())
                .containsExactly(
                        Map.entry("transferId", "t-1"),
                        Map.entry("toAccountId", "acc-2"),
                        Map.entry("amount", "30.00"),
                        Map.entry("reason", "account acc-2 is closed"),
                        Map.entry("balanceAfter", "100.00"));
    }

    @Test
    void anEventWithoutDataHasAnEmptyDataObject() {
        final AccountClosed event = new AccountClosed(
                "evt-9", "acc-1", 9L, AT, Metadata.newBuilder().build());
        final EventResponse response = EventViews.toResponse(codec, 9, codec.encode(event), PersonalData.NONE);
        assertThat(response.data()).isEmpty();
        assertThat(response.metadata()).containsEntry("correlationId", null).containsEntry("extra", Map.of());
    }

    @Test
    void bytesThisBuildCannotReadAreShownAsUnreadable() {
        final EventResponse response =
                EventViews.toResponse(codec, 3, new byte[] {(byte) 0xC3, 1, 1, 2, 3, 4, 5, 6, 7, 8}, PersonalData.NONE);
        assertThat(response.type()).isEqualTo("unreadable");
        assertThat(response.version()).isEqualTo(3);
    }
}
