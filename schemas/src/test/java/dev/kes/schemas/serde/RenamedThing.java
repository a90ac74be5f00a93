package dev.kes.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A hand-written record class standing in for a generated one that was renamed: its schema
 * declares the old name {@code dev.kes.schemas.serde.OldThing} in {@code aliases} (test only).
 */
public class RenamedThing extends SpecificRecordBase {

    public static final Schema SCHEMA$ = SchemaParser.parseSingle("""
      {"type": "record", "name": "RenamedThing", "namespace": "dev.kes.schemas.serde",
       "aliases": ["OldThing"],
       "fields": [
         {"name": "id", "type": {"type": "string", "avro.java.string": "String"}},
         {"name": "note", "type": ["null", {"type": "string", "avro.java.string": "String"}], "default": null}
       ]}""");

    /** The schema the old name was written with. */
    static final Schema OLD_THING = SchemaParser.parseSingle("""
      {"type": "record", "name": "OldThing", "namespace": "dev.kes.schemas.serde",
       "fields": [{"name": "id", "type": "string"}]}""");

    private String id;
    private String note;

    public RenamedThing() {}

    public String id() {
        return id;
    }

    public String note() {
        return note;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> id;
            case 1 -> note;
            default -> throw new IndexOutOfBoundsException(field);
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> id = value == null ? null : value.toString();
            case 1 -> note = value == null ? null : value.toString();
            default -> throw new IndexOutOfBoundsException(field);
        }
    }
}
