package dev.kes.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/** Events as a writer of an older schema put them: the v1 schemas of schema-history, generic records. */
public final class OldWriter {
    public static final String DEPOSITED = "dev.kes.schemas.event.MoneyDeposited";
    public static final String WITHDRAWN = "dev.kes.schemas.event.MoneyWithdrawn";
    /** When every old deposit of {@link #v1Deposit} occurred. */
    private static final Instant AT = Instant.parse("2026-02-01T09:00:00Z");

    private OldWriter() {}

    /** A deposit of 12.34 written with the v1 schema, in Avro single-object encoding. */
    public static byte[] v1Deposit(final String account, final long version, final String description) {
        return v1(DEPOSITED, account, version, AT, new BigDecimal("12.34"), description);
    }

    /**
     * A movement ({@code recordName} v1: an amount, and a description where that version has one) in Avro
     * single-object encoding; its event id is {@code account-version}.
     */
    public static byte[] v1(
            final String recordName,
            final String account,
            final long version,
            final Instant occurredAt,
            final BigDecimal amount,
            final String description) {
        final Schema schema = v1Schema(recordName);
        final GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        final GenericRecord metadata =
                new GenericData.Record(schema.getField("metadata").schema());
        metadata.put("correlationId", null);
        metadata.put("causationId", null);
        metadata.put("extra", Map.of());
        final GenericRecord record = new GenericData.Record(schema);
        record.put("eventId", account + "-" + version);
        record.put("accountId", account);
        record.put("version", version);
        record.put("occurredAt", occurredAt);
        record.put("metadata", metadata);
        record.put("amount", amount);
        if (schema.getField("description") != null) {
            record.put("description", description);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new BinaryMessageEncoder<GenericRecord>(model, schema).encode(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** MoneyDeposited v1 as schema-history holds it. */
    public static Schema v1DepositSchema() {
        return v1Schema(DEPOSITED);
    }

    /** {@code recordName} v1 as schema-history holds it. */
    public static Schema v1Schema(final String recordName) {
        try (InputStream in = OldWriter.class.getResourceAsStream("/schema-history/" + recordName + "/v1.avsc")) {
            if (in == null) {
                throw new IllegalStateException(recordName + " v1 is not in schema-history");
            }
            return SchemaParser.parseSingle(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
