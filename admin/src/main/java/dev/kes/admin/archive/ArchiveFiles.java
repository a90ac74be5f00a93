package dev.kes.admin.archive;

import dev.kes.schemas.archive.ArchivedEvent;
import dev.kes.schemas.archive.ArchivedHeader;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The archive's data files: Avro object container files of {@link ArchivedEvent}, zstandard-compressed. A container
 * file carries its writer schema in its header, so any Avro reader can open it, without kes and without Kafka.
 */
public final class ArchiveFiles {
    public static final String CODEC = "zstandard";
    /** Zstandard's default level: most of the ratio of higher levels at a fraction of their CPU. */
    private static final int ZSTD_LEVEL = 3;

    private ArchiveFiles() {
    }

    public static DataFileWriter<ArchivedEvent> writer(final OutputStream out) throws IOException {
        final DataFileWriter<ArchivedEvent> writer = new DataFileWriter<>(new SpecificDatumWriter<>(ArchivedEvent.class));
        writer.setCodec(CodecFactory.zstandardCodec(ZSTD_LEVEL));
        return writer.create(ArchivedEvent.getClassSchema(), out);
    }

    /** Hands every record of a file to {@code action}, in file order (offset order); closes nothing. */
    public static void forEach(final InputStream file, final Consumer<? super ArchivedEvent> action) throws IOException {
        try (DataFileStream<ArchivedEvent> records = new DataFileStream<>(file,
                new SpecificDatumReader<>(ArchivedEvent.class))) {
            for (final ArchivedEvent record : records) {
                action.accept(record);
            }
        }
    }

    /** The envelope of a topic record: everything about it, the value's bytes untouched. */
    public static ArchivedEvent envelope(final ConsumerRecord<byte[], byte[]> record) {
        final List<ArchivedHeader> headers = new ArrayList<>();
        for (final Header header : record.headers()) {
            headers.add(new ArchivedHeader(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value())));
        }
        return new ArchivedEvent(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                record.value() == null ? null : ByteBuffer.wrap(record.value()), headers);
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
