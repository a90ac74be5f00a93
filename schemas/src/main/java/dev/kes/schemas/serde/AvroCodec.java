package dev.kes.schemas.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes current records as Avro single-object encoding and decodes records written with any
 * schema version in a {@link SchemaCatalog} into the current class, by Avro schema resolution.
 *
 * <p>Why: every byte array on a topic or in a store must say which schema wrote it (the
 * 10-byte header {@code C3 01} + little-endian CRC-64-AVRO fingerprint), so producers and
 * consumers can be upgraded independently. Decoding never leaks Avro internals: an unknown
 * fingerprint is an {@link UnknownSchemaException}, anything broken a {@link
 * MalformedRecordException}. Immutable and thread-safe: encoders and readers for every known
 * writer schema are built up front, one decoding model per reader class.
 */
public final class AvroCodec {

  static final int HEADER_LENGTH = 10;
  private static final byte MAGIC_0 = (byte) 0xC3;
  private static final byte MAGIC_1 = 0x01;

  /** How to write one current class: its single-object header, then the datum. Thread-safe. */
  private record Writer(byte[] header, DatumWriter<SpecificRecord> datumWriter) {
    static Writer of(Class<? extends SpecificRecord> type) {
      Schema schema = SchemaCatalog.schemaOf(type);
      byte[] header = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
          .put(MAGIC_0).put(MAGIC_1).putLong(SchemaCatalog.fingerprint(schema)).array();
      @SuppressWarnings("unchecked")
      DatumWriter<SpecificRecord> datumWriter =
          (DatumWriter<SpecificRecord>) SpecificData.getForClass(type).createDatumWriter(schema);
      return new Writer(header, datumWriter);
    }
  }

  /**
   * A thread's buffer and encoder, reused by every encode on it. Avro's BinaryMessageEncoder did the same with
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

  /** How to read one writer schema: into which class, with which datum reader. */
  private record Reader(Schema writer, Class<? extends SpecificRecord> type, DatumReader<SpecificRecord> datumReader) {}

  private final SchemaCatalog catalog;
  private final Map<Class<?>, Writer> encoders;
  private final Map<Long, Reader> readers;

  private AvroCodec(SchemaCatalog catalog) {
    this.catalog = catalog;
    Map<Class<?>, Writer> enc = new HashMap<>();
    Map<Class<?>, SpecificData> models = new HashMap<>();
    for (Class<? extends SpecificRecord> type : catalog.currentClasses()) {
      enc.put(type, Writer.of(type));
      models.put(type, TrustedSpecificData.forReader(type));
    }
    Map<Long, Reader> rd = new HashMap<>();
    catalog.writerSchemas().forEach(
        (fingerprint, writer) ->
            catalog.currentClass(writer.getFullName()).ifPresent(type -> rd.put(fingerprint, new Reader(
                writer,
                type,
                fastReader(models.get(type), writer, SchemaCatalog.schemaOf(type))))));
    this.encoders = Map.copyOf(enc);
    this.readers = Map.copyOf(rd);
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

  /** The codec of {@link SchemaCatalog#shipped()}, built once. */
  public static AvroCodec shipped() {
    return Shipped.INSTANCE;
  }

  private static final class Shipped {
    static final AvroCodec INSTANCE = new AvroCodec(SchemaCatalog.shipped());
  }

  /** A codec over any catalog, e.g. one with extra history for tests. */
  public static AvroCodec of(SchemaCatalog catalog) {
    return new AvroCodec(Objects.requireNonNull(catalog, "catalog"));
  }

  public SchemaCatalog catalog() {
    return catalog;
  }

  /**
   * The single-object encoding of a record of a current class.
   *
   * @throws IllegalArgumentException if the class is not a current class of the catalog or the
   *     record cannot be encoded (a required field is null, a decimal has too many digits ...)
   */
  public byte[] encode(SpecificRecord record) {
    Objects.requireNonNull(record, "record");
    Writer writer = encoders.get(record.getClass());
    if (writer == null) {
      throw new IllegalArgumentException(record.getClass().getName() + " is not a current type of the schema catalog");
    }
    Scratch scratch = SCRATCH.get();
    // buffered: the datum's many small writes go to the encoder's buffer, and reach the scratch at flush. Reusing
    // the encoder flushes what a failed encode left in it, so the scratch is emptied only after that
    scratch.encoder = EncoderFactory.get().binaryEncoder(scratch, scratch.encoder);
    scratch.size = 0;
    scratch.write(writer.header(), 0, writer.header().length);
    try {
      writer.datumWriter().write(record, scratch.encoder);
      scratch.encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + record.getSchema().getFullName(), e);
    } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("cannot encode " + record.getSchema().getFullName() + ": " + e.getMessage(), e);
    }
    return Arrays.copyOf(scratch.bytes, scratch.size);
  }

  /**
   * Decodes into the current class for the writer's record name.
   *
   * @throws UnknownSchemaException if the fingerprint is unknown, or known but no current class
   *     reads that record any more
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
      throw new MalformedRecordException(
          "expected a " + expected.getName() + " but the bytes hold a " + reader.writer().getFullName());
    }
    return expected.cast(read(reader, bytes));
  }

  /**
   * The published version (1, 2, ...) of the schema the bytes were written with, counted within the
   * writer's own record name. Upcasters need it: after Avro resolution a v1 record looks like a v2 one.
   *
   * @throws UnknownSchemaException if the fingerprint is unknown
   * @throws MalformedRecordException if the header is broken
   */
  public int writerVersion(byte[] bytes) {
    long fingerprint = fingerprintOf(bytes);
    return catalog.writerVersion(fingerprint).orElseThrow(() -> new UnknownSchemaException(
        fingerprint, "unknown writer schema fingerprint " + UnknownSchemaException.hex(fingerprint)));
  }

  /**
   * The writer schema's fingerprint from a single-object header.
   *
   * @throws MalformedRecordException if the header is broken
   */
  public static long fingerprint(byte[] bytes) {
    return fingerprintOf(bytes);
  }

  /** The fingerprint in a single-object header, after checking the header. */
  static long fingerprintOf(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new MalformedRecordException("no bytes to decode (null or empty); tombstones must be handled before decoding");
    }
    if (bytes.length < HEADER_LENGTH) {
      throw new MalformedRecordException(
          "only " + bytes.length + " bytes; Avro single-object encoding needs a " + HEADER_LENGTH + "-byte header");
    }
    if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      throw new MalformedRecordException(String.format(
          "bad header %02X %02X: not Avro single-object encoding (C3 01)", bytes[0] & 0xFF, bytes[1] & 0xFF));
    }
    return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private Reader readerFor(byte[] bytes) {
    long fingerprint = fingerprintOf(bytes);
    Reader reader = readers.get(fingerprint);
    if (reader != null) {
      return reader;
    }
    String hex = UnknownSchemaException.hex(fingerprint);
    throw catalog.writerSchema(fingerprint)
        .map(w -> new UnknownSchemaException(fingerprint,
            "writer schema " + hex + " is " + w.getFullName() + ", which no current class reads"))
        .orElseGet(() -> new UnknownSchemaException(fingerprint,
            "unknown writer schema fingerprint " + hex + " (written by a newer producer?)"));
  }

  private static SpecificRecord read(Reader reader, byte[] bytes) {
    BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
    SpecificRecord record;
    boolean trailing;
    try {
      // Avro's byte-array decoder checks every length and count against the remaining bytes,
      // so a crazy length prefix fails here instead of allocating gigabytes (see AvroCodecTest).
      record = reader.datumReader().read(null, in);
      trailing = !in.isEnd();
    } catch (IOException | RuntimeException e) {
      throw new MalformedRecordException(
          "cannot decode " + reader.writer().getFullName() + " (writer " + UnknownSchemaException.hex(
              SchemaCatalog.fingerprint(reader.writer())) + "): " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    if (trailing) {
      throw new MalformedRecordException(
          "trailing bytes after a complete " + reader.writer().getFullName() + " record");
    }
    return record;
  }
}
