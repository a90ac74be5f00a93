package dev.kes.schemas.serde;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every record schema this build knows: all published versions (the schema history) plus the
 * schemas of the current generated classes, and which current class reads which record name.
 *
 * <p>Why: a reader needs the exact writer schema of a record to decode it, and old records stay
 * in Kafka topics (and changelogs) forever. Single-object encoding names the writer schema only
 * by its CRC-64-AVRO fingerprint, so this catalog maps fingerprints to schemas, and record
 * names (or the old names a renamed record lists in {@code aliases}) to the current class that
 * reads them. Instances are immutable and thread-safe.
 */
public final class SchemaCatalog {

    private final List<Class<? extends SpecificRecord>> currentClasses;
    private final Map<String, Class<? extends SpecificRecord>> classesByName;
    private final Map<String, List<Schema>> versions;
    private final Map<Long, Schema> writerSchemas;
    /** Per writer fingerprint, its published version (1, 2, ...) within its record name: read on every decode. */
    private final Map<Long, Integer> writerVersions;

    private final SchemaStore store = fingerprint -> writerSchema(fingerprint).orElse(null);

    private SchemaCatalog(
            List<Class<? extends SpecificRecord>> currentClasses,
            Map<String, Class<? extends SpecificRecord>> classesByName,
            Map<String, List<Schema>> versions,
            Map<Long, Schema> writerSchemas) {
        this.currentClasses = currentClasses;
        this.classesByName = classesByName;
        this.versions = versions;
        this.writerSchemas = writerSchemas;
        this.writerVersions = versionsByFingerprint(writerSchemas, versions);
    }

    private static Map<Long, Integer> versionsByFingerprint(
            Map<Long, Schema> writerSchemas, Map<String, List<Schema>> versions) {
        Map<Long, Integer> byFingerprint = new HashMap<>();
        writerSchemas.forEach((fingerprint, writer) -> {
            List<Schema> published = versions.getOrDefault(writer.getFullName(), List.of());
            int version = published.size() + 1; // a current schema not yet published: the next version
            for (int i = 0; i < published.size(); i++) {
                if (fingerprint(published.get(i)) == fingerprint) {
                    version = i + 1;
                    break;
                }
            }
            byFingerprint.put(fingerprint, version);
        });
        return Map.copyOf(byFingerprint);
    }

    /** The catalog of {@link ShippedTypes} and the schema history on the classpath, built once. */
    public static SchemaCatalog shipped() {
        return Shipped.INSTANCE;
    }

    private static final class Shipped {
        static final SchemaCatalog INSTANCE =
                of(ShippedTypes.all(), SchemaHistory.load(SchemaCatalog.class.getClassLoader()));
    }

    /**
     * A catalog of the given current classes and history schemas (each a self-contained record
     * schema; the versions of one record name in publication order, oldest first). Tests use it
     * to add old or foreign writer schemas.
     *
     * @throws IllegalArgumentException if two classes claim the same name or alias, or two
     *     different schemas share a fingerprint
     */
    public static SchemaCatalog of(
            Collection<? extends Class<? extends SpecificRecord>> currentTypes, Collection<Schema> history) {
        List<Class<? extends SpecificRecord>> classes = List.copyOf(currentTypes);
        Map<String, Class<? extends SpecificRecord>> byName = new HashMap<>();
        Map<Long, Schema> writers = new HashMap<>();
        for (Class<? extends SpecificRecord> type : classes) {
            Schema schema = schemaOf(type);
            claim(byName, schema.getFullName(), type);
            for (String alias : schema.getAliases()) {
                claim(byName, alias, type);
            }
            addWriter(writers, schema);
        }
        Map<String, List<Schema>> versions = new LinkedHashMap<>();
        for (Schema schema : history) {
            if (schema.getType() != Schema.Type.RECORD) {
                throw new IllegalArgumentException("history schemas must be records, got " + schema);
            }
            versions.computeIfAbsent(schema.getFullName(), n -> new ArrayList<>())
                    .add(schema);
            addWriter(writers, schema);
        }
        versions.replaceAll((name, list) -> List.copyOf(list));
        return new SchemaCatalog(
                classes, Map.copyOf(byName), Collections.unmodifiableMap(versions), Map.copyOf(writers));
    }

    private static void claim(
            Map<String, Class<? extends SpecificRecord>> byName, String name, Class<? extends SpecificRecord> type) {
        Class<? extends SpecificRecord> previous = byName.putIfAbsent(name, type);
        if (previous != null && previous != type) {
            throw new IllegalArgumentException(
                    "record name " + name + " is claimed by both " + previous.getName() + " and " + type.getName());
        }
    }

    /** Keeps the first schema per fingerprint: current classes come first, so they win. */
    private static void addWriter(Map<Long, Schema> writers, Schema schema) {
        long fingerprint = fingerprint(schema);
        Schema previous = writers.putIfAbsent(fingerprint, schema);
        if (previous != null
                && !SchemaNormalization.toParsingForm(previous).equals(SchemaNormalization.toParsingForm(schema))) {
            throw new IllegalArgumentException("fingerprint collision " + UnknownSchemaException.hex(fingerprint) + ": "
                    + previous.getFullName() + " and " + schema.getFullName() + " differ in parsing canonical form");
        }
    }

    /** The writer schema with this CRC-64-AVRO fingerprint, from the history or a current class. */
    public Optional<Schema> writerSchema(long fingerprint) {
        return Optional.ofNullable(writerSchemas.get(fingerprint));
    }

    /**
     * The published version (1, 2, ...) of the writer schema with this fingerprint within its record name; a
     * current schema not yet published counts as the next version. Empty if the fingerprint is unknown.
     */
    public OptionalInt writerVersion(long fingerprint) {
        Integer version = writerVersions.get(fingerprint);
        return version == null ? OptionalInt.empty() : OptionalInt.of(version);
    }

    /** The current class that reads records written under this full name or one of its aliases. */
    public Optional<Class<? extends SpecificRecord>> currentClass(String fullName) {
        return Optional.ofNullable(classesByName.get(fullName));
    }

    /** The published versions of exactly this record name, oldest first; empty if none. */
    public List<Schema> versions(String fullName) {
        return versions.getOrDefault(fullName, List.of());
    }

    /** The record names that have a published history, in the order given. */
    public Set<String> historyNames() {
        return versions.keySet();
    }

    /** The current classes this catalog was built from. */
    public List<Class<? extends SpecificRecord>> currentClasses() {
        return currentClasses;
    }

    /** This catalog as an Avro {@link SchemaStore}, for Avro's own {@code BinaryMessageDecoder}. */
    public SchemaStore asSchemaStore() {
        return store;
    }

    /** All known writer schemas by fingerprint. */
    Map<Long, Schema> writerSchemas() {
        return writerSchemas;
    }

    /** The CRC-64-AVRO fingerprint of the parsing canonical form, as in the single-object header. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The generated {@code SCHEMA$} of a record class. */
    static Schema schemaOf(Class<? extends SpecificRecord> type) {
        Schema schema =
                SpecificData.getForClass(Objects.requireNonNull(type, "type")).getSchema(type);
        if (schema == null || schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(type.getName() + " has no record schema");
        }
        return schema;
    }
}
