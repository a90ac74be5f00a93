package dev.kes.schemas.serde;

import dev.kes.schemas.registry.SchemaRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes current records and decodes records written with any schema version in a {@link SchemaCatalog} into the
 * current class, by Avro schema resolution. Two framings, both read by every codec:
 *
 * <ul>
 *   <li>Avro single-object encoding: {@code C3 01} + little-endian CRC-64-AVRO fingerprint (10 bytes), then the
 *       datum. What a codec without a registry writes, and what state stores always hold.
 *   <li>The Confluent framing: {@code 00} + big-endian schema-registry id (5 bytes), then the datum. What a codec
 *       built {@link #withRegistry with a registry} writes for the types users read on topics; the id is looked up
 *       in the registry (once), and a writer schema this build never published but whose record name has a current
 *       class gets a resolving reader built on the fly, so other producers' schema versions stay readable.
 * </ul>
 *
 * <p>Why: every byte array on a topic or in a store must say which schema wrote it, so producers and consumers can
 * be upgraded independently; the registry framing is the one the Kafka ecosystem's tools read. Decoding never leaks
 * Avro internals: an unknown fingerprint or schema id is an {@link UnknownSchemaException}, anything broken a {@link
 * MalformedRecordException}; an unreachable registry is the registry's own exception (not bad data). Thread-safe:
 * encoders and readers for every known writer schema are built up front, one decoding model per reader class.
 */
public final class AvroCodec {

    static final int HEADER_LENGTH = 10;
    static final int REGISTRY_HEADER_LENGTH = 5;
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = 0x01;
    private static final byte REGISTRY_MAGIC = 0x00;

    /** How to write one current class: its header (either framing), then the datum. Thread-safe. */
    private record Writer(byte[] header, DatumWriter<SpecificRecord> datumWriter) {
        static Writer of(Class<? extends SpecificRecord> type, byte[] header) {
            Schema schema = SchemaCatalog.schemaOf(type);
            @SuppressWarnings("unchecked")
            DatumWriter<SpecificRecord> datumWriter =
                    (DatumWriter<SpecificRecord>) SpecificData.getForClass(type).createDatumWriter(schema);
            return new Writer(header, datumWriter);
        }
    }

    private static byte[] singleObjectHeader(long fingerprint) {
        return ByteBuffer.allocate(HEADER_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(MAGIC_0)
                .put(MAGIC_1)
                .putLong(fingerprint)
                .array();
    }

    private static byte[] registryHeader(int id) {
        return ByteBuffer.allocate(REGISTRY_HEADER_LENGTH)
                .put(REGISTRY_MAGIC)
                .putInt(id)
                .array();
    }

    /**
     * A thread's buffer and encoder, reused by every encode on it. Avro's BinaryMessageEncoder does the same with
     * three thread-local operations per record and a ByteArrayOutputStream whose every byte write takes a lock.
     */
    private static final class Scratch extends OutputStream {
        private byte[] bytes = new byte[256];
        private int size;
        private BinaryEncoder encoder;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * How to read one writer schema: into which class, with which datum reader; its fingerprint and its published
     * version (1, 2, ...) within its record name, which upcasters need.
     */
    private record Reader(
            Schema writer,
            long fingerprint,
            int version,
            Class<? extends SpecificRecord> type,
            DatumReader<SpecificRecord> datumReader) {}

    private final SchemaCatalog catalog;
    private final SchemaRegistry registry;
    private final Map<Class<?>, Writer> encoders;
    private final Map<Class<?>, SpecificData> models;
    private final Map<Long, Reader> readers;
    /** Registry ids of the current schemas this codec writes in registry framing, by fingerprint. */
    private final Map<Long, Integer> idsByFingerprint;

    private final Map<Integer, Reader> readersById = new ConcurrentHashMap<>();
    /** Readers of registry schemas this build never published, built on first sight. */
    private final Map<Long, Reader> foreignReaders = new ConcurrentHashMap<>();

    private AvroCodec(SchemaCatalog catalog, SchemaRegistry registry, Collection<? extends Class<?>> framed) {
        this.catalog = catalog;
        this.registry = registry;
        Map<Class<?>, SpecificData> md = new HashMap<>();
        for (Class<? extends SpecificRecord> type : catalog.currentClasses()) {
            md.put(type, TrustedSpecificData.forReader(type));
        }
        this.models = Map.copyOf(md);
        Map<Long, Reader> rd = new HashMap<>();
        catalog.writerSchemas()
                .forEach((fingerprint, writer) -> catalog.currentClass(writer.getFullName())
                        .ifPresent(type -> rd.put(
                                fingerprint,
                                new Reader(
                                        writer,
                                        fingerprint,
                                        catalog.writerVersion(fingerprint).orElseThrow(),
                                        type,
                                        fastReader(models.get(type), writer, SchemaCatalog.schemaOf(type))))));
        this.readers = Map.copyOf(rd);
        Map<Class<?>, Writer> enc = new HashMap<>();
        Map<Long, Integer> ids = new HashMap<>();
        for (Class<? extends SpecificRecord> type : catalog.currentClasses()) {
            Schema schema = SchemaCatalog.schemaOf(type);
            long fingerprint = SchemaCatalog.fingerprint(schema);
            if (registry != null && framed.contains(type)) {
                // subject = the record's full name (RecordNameStrategy): one topic carries several record types
                int id = registry.register(schema.getFullName(), schema);
                ids.put(fingerprint, id);
                readersById.put(id, readers.get(fingerprint));
                enc.put(type, Writer.of(type, registryHeader(id)));
            } else {
                enc.put(type, Writer.of(type, singleObjectHeader(fingerprint)));
            }
        }
        this.encoders = Map.copyOf(enc);
        this.idsByFingerprint = Map.copyOf(ids);
    }

    /**
     * Avro's fast reader: the writer-to-reader resolution compiled once into a tree of field readers, where the
     * resolving reader walks the resolution again for every record. Avro turns it on only for its own two data
     * models (a subclass silently gets the slow path), so it is built directly over our trusted model.
     */
    private static DatumReader<SpecificRecord> fastReader(SpecificData model, Schema writer, Schema reader) {
        try {
            return new FastReaderBuilder(model).createDatumReader(writer, reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build a reader of " + writer.getFullName(), e);
        }
    }

    /** The codec of {@link SchemaCatalog#shipped()} without a registry, built once. */
    public static AvroCodec shipped() {
        return Shipped.INSTANCE;
    }

    private static final class Shipped {
        static final AvroCodec INSTANCE = new AvroCodec(SchemaCatalog.shipped(), null, Set.of());
    }

    /** A codec over any catalog, without a registry, e.g. one with extra history for tests. */
    public static AvroCodec of(SchemaCatalog catalog) {
        return new AvroCodec(Objects.requireNonNull(catalog, "catalog"), null, Set.of());
    }

    /**
     * The shipped catalog's codec writing {@link ShippedTypes#onTopics() the types users read on topics} in registry
     * framing; it registers their schemas now.
     *
     * @throws RuntimeException what the registry throws when it cannot register a schema (unreachable, refused)
     */
    public static AvroCodec withRegistry(SchemaRegistry registry) {
        return withRegistry(SchemaCatalog.shipped(), registry, ShippedTypes.onTopics());
    }

    /**
     * A codec over {@code catalog} that writes the current classes in {@code framed} in registry framing (registering
     * their schemas now) and every other class in single-object encoding.
     */
    public static AvroCodec withRegistry(
            SchemaCatalog catalog, SchemaRegistry registry, Collection<? extends Class<?>> framed) {
        return new AvroCodec(
                Objects.requireNonNull(catalog, "catalog"),
                Objects.requireNonNull(registry, "registry"),
                Set.copyOf(framed));
    }

    public SchemaCatalog catalog() {
        return catalog;
    }

    /** The registry this codec writes ids of, if any. */
    public Optional<SchemaRegistry> registry() {
        return Optional.ofNullable(registry);
    }

    /**
     * The encoding of a record of a current class: registry framing if this codec has a registry and writes the
     * class framed, else single-object encoding.
     *
     * @throws IllegalArgumentException if the class is not a current class of the catalog or the
     *     record cannot be encoded (a required field is null, a decimal has too many digits ...)
     */
    public byte[] encode(SpecificRecord record) {
        Writer writer = writerOf(record);
        return encode(record, writer, writer.header());
    }

    private Writer writerOf(SpecificRecord record) {
        Objects.requireNonNull(record, "record");
        Writer writer = encoders.get(record.getClass());
        if (writer == null) {
            throw new IllegalArgumentException(
                    record.getClass().getName() + " is not a current type of the schema catalog");
        }
        return writer;
    }

    private static byte[] encode(SpecificRecord record, Writer writer, byte[] header) {
        Scratch scratch = SCRATCH.get();
        // buffered: the datum's many small writes go to the encoder's buffer, and reach the scratch at flush. Reusing
        // the encoder flushes what a failed encode left in it, so the scratch is emptied only after that
        scratch.encoder = EncoderFactory.get().binaryEncoder(scratch, scratch.encoder);
        scratch.size = 0;
        scratch.write(header, 0, header.length);
        try {
            writer.datumWriter().write(record, scratch.encoder);
            scratch.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record.getSchema().getFullName(), e);
        } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + record.getSchema().getFullName() + ": " + e.getMessage(), e);
        }
        return Arrays.copyOf(scratch.bytes, scratch.size);
    }

    /**
     * The same record in single-object encoding, for state stores (whose restore must not need the registry): the
     * bytes themselves when they already are, else the datum behind a single-object header.
     *
     * @throws UnknownSchemaException as {@link #decode(byte[])}, for an id it cannot resolve
     * @throws MalformedRecordException if the header is broken
     */
    public byte[] toSingleObject(byte[] bytes) {
        if (!isRegistryFramed(bytes)) {
            return bytes;
        }
        Reader reader = readerById(schemaIdOf(bytes));
        if (readers.get(reader.fingerprint()) != reader) {
            // a schema this build never published: its fingerprint would be unreadable later, so store the current
            // shape
            SpecificRecord record = read(reader, bytes);
            return encode(record, writerOf(record), singleObjectHeader(SchemaCatalog.fingerprint(record.getSchema())));
        }
        return reframe(bytes, REGISTRY_HEADER_LENGTH, singleObjectHeader(reader.fingerprint()));
    }

    /**
     * The same record framed as this codec writes it on topics: single-object bytes of a current schema this codec
     * writes in registry framing get their registry header; anything else is returned as it is (every reader reads
     * both framings).
     */
    public byte[] toWire(byte[] bytes) {
        if (idsByFingerprint.isEmpty() || isRegistryFramed(bytes)) {
            return bytes;
        }
        Integer id = idsByFingerprint.get(fingerprintOf(bytes));
        return id == null ? bytes : reframe(bytes, HEADER_LENGTH, registryHeader(id));
    }

    private static byte[] reframe(byte[] bytes, int oldHeader, byte[] newHeader) {
        byte[] out = new byte[newHeader.length + bytes.length - oldHeader];
        System.arraycopy(newHeader, 0, out, 0, newHeader.length);
        System.arraycopy(bytes, oldHeader, out, newHeader.length, bytes.length - oldHeader);
        return out;
    }

    /**
     * Decodes into the current class for the writer's record name.
     *
     * @throws UnknownSchemaException if the fingerprint or schema id is unknown, or known but no current class
     *     reads that record any more, or the bytes are in registry framing and this codec has no registry
     * @throws MalformedRecordException if the bytes are null, empty, or broken
     */
    public SpecificRecord decode(byte[] bytes) {
        return read(readerFor(bytes), bytes);
    }

    /**
     * Decodes a record that must be of (a subtype of) {@code expected}.
     *
     * @throws MalformedRecordException also if the bytes hold another record type
     */
    public <T extends SpecificRecord> T decode(byte[] bytes, Class<T> expected) {
        Objects.requireNonNull(expected, "expected");
        Reader reader = readerFor(bytes);
        if (!expected.isAssignableFrom(reader.type())) {
            throw new MalformedRecordException("expected a " + expected.getName() + " but the bytes hold a "
                    + reader.writer().getFullName());
        }
        return expected.cast(read(reader, bytes));
    }

    /**
     * The published version (1, 2, ...) of the schema the bytes were written with, counted within the
     * writer's own record name. Upcasters need it: after Avro resolution a v1 record looks like a v2 one. A registry
     * schema this build never published counts as newer than every version it knows.
     *
     * @throws UnknownSchemaException if the fingerprint or schema id is unknown
     * @throws MalformedRecordException if the header is broken
     */
    public int writerVersion(byte[] bytes) {
        if (isRegistryFramed(bytes)) {
            return readerById(schemaIdOf(bytes)).version();
        }
        long fingerprint = fingerprintOf(bytes);
        return catalog.writerVersion(fingerprint)
                .orElseThrow(() -> new UnknownSchemaException(
                        fingerprint, "unknown writer schema fingerprint " + UnknownSchemaException.hex(fingerprint)));
    }

    /**
     * The full name of the record schema the bytes were written with (the name upcasters are registered under).
     *
     * @throws UnknownSchemaException if the fingerprint or schema id is unknown
     * @throws MalformedRecordException if the header is broken
     */
    public String writerName(byte[] bytes) {
        if (isRegistryFramed(bytes)) {
            return readerById(schemaIdOf(bytes)).writer().getFullName();
        }
        long fingerprint = fingerprintOf(bytes);
        return catalog.writerSchema(fingerprint)
                .orElseThrow(() -> new UnknownSchemaException(
                        fingerprint, "unknown writer schema fingerprint " + UnknownSchemaException.hex(fingerprint)))
                .getFullName();
    }

    /**
     * The writer schema's CRC-64-AVRO fingerprint: from the single-object header, or of the schema the registry
     * holds under the record's id.
     *
     * @throws UnknownSchemaException if the bytes name a schema id that cannot be resolved
     * @throws MalformedRecordException if the header is broken
     */
    public long fingerprint(byte[] bytes) {
        return isRegistryFramed(bytes) ? readerById(schemaIdOf(bytes)).fingerprint() : fingerprintOf(bytes);
    }

    /** Whether the bytes start like the registry framing (checked further by {@link #schemaIdOf}). */
    static boolean isRegistryFramed(byte[] bytes) {
        return bytes != null && bytes.length > 0 && bytes[0] == REGISTRY_MAGIC;
    }

    /** The schema id in a registry header, after checking its length. */
    static int schemaIdOf(byte[] bytes) {
        if (bytes.length < REGISTRY_HEADER_LENGTH) {
            throw new MalformedRecordException("only " + bytes.length + " bytes; the schema-registry framing needs a "
                    + REGISTRY_HEADER_LENGTH + "-byte header (00 + schema id)");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    /** The fingerprint in a single-object header, after checking the header. */
    static long fingerprintOf(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedRecordException(
                    "no bytes to decode (null or empty); tombstones must be handled before decoding");
        }
        if (bytes.length < HEADER_LENGTH) {
            throw new MalformedRecordException("only " + bytes.length + " bytes; Avro single-object encoding needs a "
                    + HEADER_LENGTH + "-byte header");
        }
        if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new MalformedRecordException(String.format(
                    "bad header %02X %02X: neither Avro single-object encoding (C3 01) nor schema-registry framing (00)",
                    bytes[0] & 0xFF, bytes[1] & 0xFF));
        }
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private Reader readerFor(byte[] bytes) {
        if (isRegistryFramed(bytes)) {
            return readerById(schemaIdOf(bytes));
        }
        long fingerprint = fingerprintOf(bytes);
        Reader reader = readers.get(fingerprint);
        if (reader != null) {
            return reader;
        }
        String hex = UnknownSchemaException.hex(fingerprint);
        throw catalog.writerSchema(fingerprint)
                .map(w -> new UnknownSchemaException(
                        fingerprint,
                        "writer schema " + hex + " is " + w.getFullName() + ", which no current class reads"))
                .orElseGet(() -> new UnknownSchemaException(
                        fingerprint, "unknown writer schema fingerprint " + hex + " (written by a newer producer?)"));
    }

    /** The reader of a registry schema id: cached, else the registry's schema by its fingerprint. */
    private Reader readerById(int id) {
        Reader cached = readersById.get(id);
        if (cached != null) {
            return cached;
        }
        if (registry == null) {
            throw UnknownSchemaException.forSchemaId(
                    id,
                    "the record is in schema-registry framing (schema id " + id
                            + ") and no schema.registry.url is configured to look the id up");
        }
        Schema writer = registry.schemaById(id);
        if (writer.getType() != Schema.Type.RECORD) {
            throw UnknownSchemaException.forSchemaId(
                    id,
                    "schema id " + id + " in the schema registry at " + registry.location() + " is a "
                            + writer.getType() + ", not a record");
        }
        long fingerprint = SchemaCatalog.fingerprint(writer);
        Reader reader = readers.get(fingerprint);
        if (reader == null) {
            reader = foreignReaders.computeIfAbsent(fingerprint, f -> foreignReader(id, writer, f));
        }
        readersById.put(id, reader);
        return reader;
    }

    /** A reader for a writer schema this build never published, into the current class of its record name. */
    private Reader foreignReader(int id, Schema writer, long fingerprint) {
        Class<? extends SpecificRecord> type = catalog.currentClass(writer.getFullName())
                .orElseThrow(() -> UnknownSchemaException.forSchemaId(
                        id,
                        "schema id " + id + " is " + writer.getFullName()
                                + ", which no current class reads (written by a newer producer?)"));
        Schema current = SchemaCatalog.schemaOf(type);
        int newest = Math.max(
                catalog.versions(writer.getFullName()).size(),
                catalog.writerVersion(SchemaCatalog.fingerprint(current)).orElse(0));
        return new Reader(writer, fingerprint, newest + 1, type, fastReader(models.get(type), writer, current));
    }

    private static SpecificRecord read(Reader reader, byte[] bytes) {
        int header = bytes[0] == REGISTRY_MAGIC ? REGISTRY_HEADER_LENGTH : HEADER_LENGTH;
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, header, bytes.length - header, null);
        SpecificRecord record;
        boolean trailing;
        try {
            // Avro's byte-array decoder checks every length and count against the remaining bytes,
            // so a crazy length prefix fails here instead of allocating gigabytes (see AvroCodecTest).
            record = reader.datumReader().read(null, in);
            trailing = !in.isEnd();
        } catch (IOException | RuntimeException e) {
            throw new MalformedRecordException(
                    "cannot decode " + reader.writer().getFullName() + " (writer "
                            + UnknownSchemaException.hex(reader.fingerprint()) + "): "
                            + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
        if (trailing) {
            throw new MalformedRecordException(
                    "trailing bytes after a complete " + reader.writer().getFullName() + " record");
        }
        return record;
    }
}
