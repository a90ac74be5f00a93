package dev.kes.admin.archive;

import dev.kes.schemas.archive.ArchivedEvent;
import dev.kes.schemas.archive.ArchivedHeader;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The archive's data files: Avro object container files of {@link ArchivedEvent}, zstandard-compressed. A container
 * file carries its writer schema in its header, so any Avro reader can open it, without kes and without Kafka.
 */
public final class ArchiveFiles {
    public static final String CODEC = "zstandard";
    /** Zstandard's default level: most of the ratio of higher levels at a fraction of their CPU. */
    private static final int ZSTD_LEVEL = 3;

    private ArchiveFiles() {}

    public static DataFileWriter<ArchivedEvent> writer(final OutputStream out) throws IOException {
        final DataFileWriter<ArchivedEvent> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(ArchivedEvent.class));
        writer.setCodec(CodecFactory.zstandardCodec(ZSTD_LEVEL));
        return writer.create(ArchivedEvent.getClassSchema(), out);
    }

    /**
     * Hands every record of a file to {@code action}, in file order (offset order). The file's schema is resolved
     * against the current ArchivedEvent schema; records are read generically and copied, because Avro refuses to
     * load specific classes by name unless they are trusted through global settings.
     */
    public static void forEach(final InputStream file, final Consumer<? super ArchivedEvent> action)
            throws IOException {
        try (DataFileStream<GenericRecord> records =
                new DataFileStream<>(file, new GenericDatumReader<>(null, ArchivedEvent.getClassSchema()))) {
            for (final GenericRecord record : records) {
                action.accept(fromGeneric(record));
            }
        }
    }

    private static ArchivedEvent fromGeneric(final GenericRecord record) {
        final List<ArchivedHeader> headers = new ArrayList<>();
        for (final Object header : (Collection<?>) record.get("headers")) {
            final GenericRecord fields = (GenericRecord) header;
            headers.add(new ArchivedHeader(fields.get("key").toString(), (ByteBuffer) fields.get("value")));
        }
        final Object key = record.get("key");
        return new ArchivedEvent(
                record.get("topic").toString(),
                (Integer) record.get("partition"),
                (Long) record.get("offset"),
                Instant.ofEpochMilli((Long) record.get("timestamp")),
                key == null ? null : key.toString(),
                (ByteBuffer) record.get("value"),
                headers);
    }

    /** The envelope of a topic record: everything about it, its value {@link #selfContained} by {@code codec}. */
    public static ArchivedEvent envelope(final ConsumerRecord<byte[], byte[]> record, final AvroCodec codec) {
        final byte[] value = selfContained(codec, record.value());
        final List<ArchivedHeader> headers = new ArrayList<>();
        for (final Header header : record.headers()) {
            headers.add(
                    new ArchivedHeader(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value())));
        }
        return new ArchivedEvent(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                value == null ? null : ByteBuffer.wrap(value),
                headers);
    }

    /**
     * The value in single-object encoding, which names its schema by a fingerprint of this build's catalog: an archive
     * outlives registries, so it must not need one. A registry-framed value keeps its Avro body byte for byte behind
     * the new header (re-encoded in the current shape only if its writer schema is none this build published); one
     * whose schema cannot be resolved or re-encoded is kept as it is (and counted as undecodable in the manifest). A
     * registry that cannot be reached fails the run: nothing is stored then.
     */
    public static byte[] selfContained(final AvroCodec codec, final byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return codec.toSingleObject(value);
        } catch (UnknownSchemaException | MalformedRecordException | IllegalArgumentException e) {
            return value;
        }
    }

    /** The bytes of an Avro {@code bytes} value, copied. */
    public static byte[] bytes(final ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        final ByteBuffer view = buffer.duplicate();
        final byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
