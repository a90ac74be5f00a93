package dev.kes.schemas.serde;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
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
import org.apache.avro.specific.SpecificRecord;

/** Events as a writer of an older schema put them: the v1 schemas of schema-history, generic records. */
public final class OldWriter {
    /** When every old deposit of {@link #v1Deposit} occurred. */
    private static final Instant AT = Instant.parse("2026-02-01T09:00:00Z");

    private OldWriter() {}

    /** A deposit of 12.34 written with the v1 schema, in Avro single-object encoding. */
    public static byte[] v1Deposit(final String account, final long version, final String description) {
        return v1(new MoneyDeposited(
                account + "-" + version,
                account,
                version,
                AT,
                new Metadata(null, null, Map.of()),
                new BigDecimal("12.34"),
                description,
                null));
    }

    /**
     * {@code event} written with its type's v1 schema, in Avro single-object encoding: the fields v1 has, taken by
     * name from the current form (a field v1 lacks is dropped).
     */
    public static byte[] v1(final SpecificRecord event) {
        final Schema schema = v1Schema(event.getSchema().getFullName());
        final GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new BinaryMessageEncoder<GenericRecord>(model, schema).encode(generic(event, schema), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** MoneyDeposited v1 as schema-history holds it. */
    public static Schema v1DepositSchema() {
        return v1Schema(MoneyDeposited.getClassSchema().getFullName());
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

    private static GenericRecord generic(final SpecificRecord record, final Schema schema) {
        final GenericRecord copy = new GenericData.Record(schema);
        for (final Schema.Field field : schema.getFields()) {
            final Object value =
                    record.get(record.getSchema().getField(field.name()).pos());
            copy.put(field.pos(), value instanceof SpecificRecord nested ? generic(nested, field.schema()) : value);
        }
        return copy;
    }
}
