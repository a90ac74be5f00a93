package dev.kes.command.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reading dead letters, and making records that must become one. */
public final class DeadLetters {
    private DeadLetters() {}

    /** A {@code kes.dlq.*} header as text; fails if the record lacks it. */
    public static String header(final ConsumerRecord<String, byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The datum of single-object bytes behind a schema-registry header naming {@code schemaId}. */
    public static byte[] withSchemaId(final byte[] singleObject, final int schemaId) {
        final byte[] framed = new byte[5 + singleObject.length - 10];
        ByteBuffer.wrap(framed).put((byte) 0).putInt(schemaId);
        System.arraycopy(singleObject, 10, framed, 5, singleObject.length - 10);
        return framed;
    }

    /** The same bytes under another schema fingerprint: a schema this build has never seen. */
    public static byte[] withFingerprint(final byte[] encoded, final long fingerprint) {
        final byte[] copy = encoded.clone();
        ByteBuffer.wrap(copy, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);
        return copy;
    }
}
