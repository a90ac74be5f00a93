package dev.kes.schemas.upcast;

import org.apache.avro.specific.SpecificRecord;

/**
 * One semantic step for one record type: from a record written with version {@link #fromVersion()} of
 * {@link #recordName()} (already decoded into the current class by Avro schema resolution, which fixes
 * the shape) to what version {@code fromVersion() + 1} means. Stateless and pure: it sees one record and
 * nothing else, so what needs history (a balance after) cannot be done here.
 */
public interface Upcaster<T extends SpecificRecord> {
    /** The writer's record full name, as in schema-history. */
    String recordName();

    /** The published writer version this step starts from. */
    int fromVersion();

    /** The current class the decoded record has. */
    Class<T> type();

    /** The record with version {@code fromVersion() + 1} semantics; may return the argument changed or a copy. */
    T upcast(T record);
}
