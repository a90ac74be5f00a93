package dev.kes.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.command.WithdrawMoney;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.serde.AvroCodec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** A fingerprint is what a command asks for: not its id or tracing metadata, and not how its values are spelled. */
class CommandFingerprintTest {
    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void ignoresTheCommandIdAndMetadataAndTheSpellingOfValues() {
        final DepositMoney deposit = deposit("c1", "10", "salary", null, null);
        final DepositMoney retried = deposit("c2", "10.00", "salary", null, null);
        retried.setMetadata(Metadata.newBuilder()
                .setCorrelationId("other")
                .setExtra(Map.of("k", "v"))
                .build());

        assertThat(CommandFingerprint.of(retried)).isEqualTo(CommandFingerprint.of(deposit));
        // the processor's copy is decoded from the wire: instants to the millisecond, amounts at scale 2
        final DepositMoney timed = deposit("c1", "10", "salary", null, Instant.parse("2026-01-01T00:00:00.123456Z"));
        assertThat(CommandFingerprint.of(codec.decode(codec.encode(timed)))).isEqualTo(CommandFingerprint.of(timed));
    }

    @Test
    void differsForEveryOtherRequest() {
        final byte[] deposit = CommandFingerprint.of(deposit("c1", "10", null, null, null));
        for (final SpecificRecord other : new SpecificRecord[] {
            deposit("c1", "10.01", null, null, null),
            deposit("c1", "10", "rent", null, null),
            deposit("c1", "10", null, 3L, null),
            deposit("c1", "10", null, null, Instant.parse("2026-01-01T00:00:00Z")),
            WithdrawMoney.newBuilder()
                    .setCommandId("c1")
                    .setAccountId("acc-1")
                    .setExpectedVersion(null)
                    .setOccurredAt(null)
                    .setMetadata(Metadata.newBuilder().build())
                    .setAmount(new BigDecimal("10"))
                    .setDescription(null)
                    .build()
        }) {
            assertThat(CommandFingerprint.of(other)).as(other.toString()).isNotEqualTo(deposit);
        }
    }

    @Test
    void aStoredResultWithoutFingerprintMatchesAnyRequest() {
        final byte[] fingerprint = CommandFingerprint.of(deposit("c1", "10", null, null, null));
        assertThat(CommandFingerprint.matches(null, fingerprint)).isTrue();
        assertThat(CommandFingerprint.matches(ByteBuffer.wrap(fingerprint.clone()), fingerprint))
                .isTrue();
        assertThat(CommandFingerprint.matches(ByteBuffer.wrap(new byte[16]), fingerprint))
                .isFalse();
    }

    private static DepositMoney deposit(
            final String commandId,
            final String amount,
            final String description,
            final Long expectedVersion,
            final Instant occurredAt) {
        return DepositMoney.newBuilder()
                .setCommandId(commandId)
                .setAccountId("acc-1")
                .setExpectedVersion(expectedVersion)
                .setOccurredAt(occurredAt)
                .setMetadata(Metadata.newBuilder().build())
                .setAmount(new BigDecimal(amount))
                .setDescription(description)
                .build();
    }
}
