package dev.kes.admin.personal;

import dev.kes.domain.PersonalValues;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.SchemaCatalog;
import dev.kes.schemas.serde.UnknownSchemaException;
import dev.kes.service.personal.PersonalData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The personal fields ({@link PersonalValues#FIELDS}) of one stored record: found by name in whatever record the
 * bytes hold, so a later event carrying one is covered too. Sealing re-encodes only a record that had a clear
 * value; every other record keeps its bytes.
 */
public final class PersonalFields {
    /** Single-object header: C3 01 + 8-byte fingerprint. */
    private static final int SINGLE_OBJECT_HEADER = 10;
    /** Confluent header: 00 + 4-byte schema id. */
    private static final int REGISTRY_HEADER = 5;

    /** What sealing did to a record. */
    public enum Outcome {
        /** It held a clear personal value: the bytes are new. */
        SEALED,
        /** Nothing to seal (no personal field, or every one sealed or empty): the same bytes. */
        UNCHANGED,
        /** The bytes do not decode with this build's schemas: the same bytes, to be reported. */
        UNREADABLE
    }

    public record Sealed(Outcome outcome, byte[] value) {}

    private final AvroCodec codec;
    private final AvroCodec singleObject = AvroCodec.shipped();

    public PersonalFields(final AvroCodec codec) {
        this.codec = codec;
    }

    /** The record with every clear personal value sealed under its account's data key, as the service seals them. */
    public Sealed seal(final String key, final byte[] value, final PersonalData personal) {
        if (value == null) {
            return new Sealed(Outcome.UNCHANGED, null);
        }
        final SpecificRecord record;
        try {
            record = codec.decode(value);
        } catch (UnknownSchemaException | MalformedRecordException e) {
            return new Sealed(Outcome.UNREADABLE, value);
        }
        final List<Schema.Field> clear = clearFields(record);
        if (clear.isEmpty()) {
            return new Sealed(Outcome.UNCHANGED, value);
        }
        final String account = accountOf(record, key);
        if (account == null) {
            return new Sealed(Outcome.UNREADABLE, value);
        }
        for (final Schema.Field field : clear) {
            record.put(
                    field.pos(),
                    personal.sealAsOnlyWriter(
                            account, field.name(), record.get(field.pos()).toString()));
        }
        return new Sealed(Outcome.SEALED, encodeLike(value, record));
    }

    /** The names of the personal fields that hold a clear value; empty also for an unreadable record. */
    public List<String> clearValues(final byte[] value) {
        if (value == null) {
            return List.of();
        }
        try {
            return clearFields(codec.decode(value)).stream()
                    .map(Schema.Field::name)
                    .toList();
        } catch (UnknownSchemaException | MalformedRecordException e) {
            return List.of();
        }
    }

    /** Whether the bytes decode with this build's schemas. */
    public boolean readable(final byte[] value) {
        if (value == null) {
            return true;
        }
        try {
            codec.decode(value);
            return true;
        } catch (UnknownSchemaException | MalformedRecordException e) {
            return false;
        }
    }

    private static List<Schema.Field> clearFields(final SpecificRecord record) {
        final List<Schema.Field> clear = new ArrayList<>();
        for (final Schema.Field field : record.getSchema().getFields()) {
            if (PersonalData.isPersonalField(field.name())
                    && record.get(field.pos()) instanceof CharSequence text
                    && !text.isEmpty()
                    && !PersonalValues.isSealed(text.toString())) {
                clear.add(field);
            }
        }
        return clear;
    }

    /** The account the value belongs to: the record's own accountId, else the record key (the events' key). */
    private static String accountOf(final SpecificRecord record, final String key) {
        final Schema.Field field = record.getSchema().getField("accountId");
        if (field != null && record.get(field.pos()) instanceof CharSequence account) {
            return account.toString();
        }
        return key;
    }

    /**
     * The record in the framing of the original: written with the current schema, so a registry-framed original of
     * that same schema keeps its schema id; anything else is written in single-object encoding, which every reader
     * reads.
     */
    private byte[] encodeLike(final byte[] original, final SpecificRecord record) {
        final byte[] single = singleObject.encode(record);
        if (original.length > 0
                && original[0] == 0
                && codec.fingerprint(original) == SchemaCatalog.fingerprint(record.getSchema())) {
            final byte[] framed = Arrays.copyOf(original, REGISTRY_HEADER + single.length - SINGLE_OBJECT_HEADER);
            System.arraycopy(
                    single, SINGLE_OBJECT_HEADER, framed, REGISTRY_HEADER, single.length - SINGLE_OBJECT_HEADER);
            return framed;
        }
        return single;
    }
}
