package dev.kes.sql;

import dev.kes.schemas.event.MoneyDeposited;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Deposits as a writer of MoneyDeposited v1 (schema-history) wrote them, in single-object encoding or, once it had a
 * schema registry, in its framing. Only for deposits without a balanceAfter, which v1 did not have.
 */
final class V1Deposits {
    static final Schema SCHEMA = load();
    private static final int SINGLE_OBJECT_HEADER = 10;

    private V1Deposits() {}

    static byte[] singleObject(final MoneyDeposited deposit) {
        if (deposit.getBalanceAfter() != null) {
            throw new IllegalArgumentException("v1 had no balanceAfter: " + deposit);
        }
        final GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        final GenericRecord metadata =
                new GenericData.Record(SCHEMA.getField("metadata").schema());
        metadata.put("correlationId", deposit.getMetadata().getCorrelationId());
        metadata.put("causationId", deposit.getMetadata().getCausationId());
        metadata.put("extra", deposit.getMetadata().getExtra());
        final GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("eventId", deposit.getEventId());
        record.put("accountId", deposit.getAccountId());
        record.put("version", deposit.getVersion());
        record.put("occurredAt", deposit.getOccurredAt());
        record.put("metadata", metadata);
        record.put("amount", deposit.getAmount());
        record.put("description", deposit.getDescription());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new BinaryMessageEncoder<GenericRecord>(model, SCHEMA).encode(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code 00} + the registry's id of the v1 schema + the datum. */
    static byte[] registryFramed(final int schemaId, final MoneyDeposited deposit) {
        final byte[] single = singleObject(deposit);
        return ByteBuffer.allocate(5 + single.length - SINGLE_OBJECT_HEADER)
                .put((byte) 0)
                .putInt(schemaId)
                .put(single, SINGLE_OBJECT_HEADER, single.length - SINGLE_OBJECT_HEADER)
                .array();
    }

    private static Schema load() {
        try (InputStream in =
                V1Deposits.class.getResourceAsStream("/schema-history/dev.kes.schemas.event.MoneyDeposited/v1.avsc")) {
            if (in == null) {
                throw new IllegalStateException("MoneyDeposited v1 is not in schema-history");
            }
            return SchemaParser.parseSingle(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
