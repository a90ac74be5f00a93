package dev.kes.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Round trips, schema resolution and hostile input for {@link AvroCodec}. */
class AvroCodecTest {

    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void samplesCoverEveryShippedType() {
        assertThat(Samples.all().stream().map(Object::getClass).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(ShippedTypes.all());
    }

    @Test
    void everyTypeRoundTrips() {
        for (SpecificRecord record : Samples.all()) {
            byte[] bytes = codec.encode(record);
            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(bytes[1]).isEqualTo((byte) 0x01);
            assertThat(AvroCodec.fingerprintOf(bytes)).isEqualTo(SchemaCatalog.fingerprint(record.getSchema()));
            assertThat(codec.decode(bytes)).isEqualTo(record);
            assertThat(codec.decode(bytes, record.getClass())).isEqualTo(record);
            assertThat(codec.decode(bytes, SpecificRecord.class)).isEqualTo(record);
        }
    }

    @Test
    void decimalsAndInstantsSurviveExactly() {
        MoneyDeposited decoded = codec.decode(codec.encode(Samples.moneyDeposited()), MoneyDeposited.class);
        assertThat(decoded.getAmount()).isEqualTo(new BigDecimal("12.34"));
        assertThat(decoded.getOccurredAt()).isEqualTo(Samples.AT);
        assertThat(decoded.getMetadata().getExtra()).isEqualTo(Map.of("source", "test", "ü", "✓"));
    }

    @Test
    void bytesMatchAvrosOwnSingleObjectEncodingForEveryType() throws IOException {
        for (SpecificRecord record : Samples.all()) {
            ByteBuffer avro = new BinaryMessageEncoder<SpecificRecord>(
                            SpecificData.getForClass(record.getClass()), record.getSchema())
                    .encode(record);
            assertThat(codec.encode(record))
                    .as(record.getSchema().getFullName())
                    .isEqualTo(Arrays.copyOfRange(avro.array(), avro.position(), avro.limit()));
        }
    }

    @Test
    void aRecordThatFailsHalfwayLeavesNothingForTheNextOneOnTheThread() throws IOException {
        MoneyDeposited broken = Samples.moneyDeposited();
        broken.setAmount(new BigDecimal("1.234")); // fails after the fields before it were written
        MoneyDeposited good = Samples.moneyDeposited();
        ByteBuffer avro = MoneyDeposited.getEncoder().encode(good);

        assertThatThrownBy(() -> codec.encode(broken)).isInstanceOf(IllegalArgumentException.class);

        assertThat(codec.encode(good)).isEqualTo(Arrays.copyOfRange(avro.array(), avro.position(), avro.limit()));
    }

    @Test
    void decimalWithTooManyDigitsIsRejectedOnEncode() {
        MoneyDeposited record = Samples.moneyDeposited();
        record.setAmount(new BigDecimal("1.234"));
        assertThatThrownBy(() -> codec.encode(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale");
    }

    @Test
    void oldWriterWithoutDescriptionIsReadIntoTheCurrentClass() throws IOException {
        Schema old = oldMoneyDeposited();
        List<Schema> history = new ArrayList<>();
        history.add(old);
        SchemaCatalog shipped = SchemaCatalog.shipped();
        shipped.historyNames().forEach(name -> history.addAll(shipped.versions(name)));
        AvroCodec withOld = AvroCodec.of(SchemaCatalog.of(ShippedTypes.all(), history));

        byte[] bytes = encodeOldMoneyDeposited(old);
        assertThat(AvroCodec.fingerprintOf(bytes)).isEqualTo(SchemaCatalog.fingerprint(old));

        MoneyDeposited decoded = withOld.decode(bytes, MoneyDeposited.class);
        assertThat(decoded.getDescription()).isNull();
        assertThat(decoded.getEventId()).isEqualTo("evt-old");
        assertThat(decoded.getAmount()).isEqualTo(new BigDecimal("12.34"));
        assertThat(decoded.getOccurredAt()).isEqualTo(Samples.AT);
        assertThat(decoded.getMetadata().getCorrelationId()).isEqualTo("corr-old");
        assertThat(decoded.getMetadata().getExtra()).isEmpty();

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .satisfies(e -> assertThat(((UnknownSchemaException) e).fingerprint())
                        .isEqualTo(SchemaCatalog.fingerprint(old)));
    }

    @Test
    void renamedRecordIsFoundThroughItsAlias() {
        SchemaCatalog catalog = SchemaCatalog.of(List.of(RenamedThing.class), List.of(RenamedThing.OLD_THING));
        assertThat(catalog.currentClass("dev.kes.schemas.serde.OldThing")).contains(RenamedThing.class);

        GenericRecord old = new GenericData.Record(RenamedThing.OLD_THING);
        old.put("id", "thing-1");
        byte[] bytes = encodeGeneric(new GenericData(), RenamedThing.OLD_THING, old);

        RenamedThing decoded = AvroCodec.of(catalog).decode(bytes, RenamedThing.class);
        assertThat(decoded.id()).isEqualTo("thing-1");
        assertThat(decoded.note()).isNull();
    }

    @Test
    void unknownFingerprintIsUnknownSchema() {
        byte[] bytes = codec.encode(Samples.moneyDeposited());
        ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123456789abcdefL);
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("0123456789abcdef")
                .satisfies(e ->
                        assertThat(((UnknownSchemaException) e).fingerprint()).isEqualTo(0x0123456789abcdefL));
    }

    @Test
    void knownWriterWithoutCurrentClassIsUnknownSchema() {
        Schema retired = SchemaParser.parseSingle(
                "{\"type\":\"record\",\"name\":\"Retired\",\"namespace\":\"x\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        AvroCodec withRetired = AvroCodec.of(SchemaCatalog.of(ShippedTypes.all(), List.of(retired)));
        GenericRecord record = new GenericData.Record(retired);
        record.put("a", 1);
        assertThatThrownBy(() -> withRetired.decode(encodeGeneric(new GenericData(), retired, record)))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("x.Retired");
    }

    @Test
    void wrongExpectedTypeIsMalformed() {
        byte[] bytes = codec.encode(Samples.moneyDeposited());
        assertThatThrownBy(() -> codec.decode(bytes, MoneyWithdrawn.class))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("MoneyWithdrawn")
                .hasMessageContaining("MoneyDeposited");
    }

    @Test
    void missingOrBrokenHeaderIsMalformed() {
        byte[] valid = codec.encode(Samples.moneyDeposited());
        byte[] badMagic = valid.clone();
        badMagic[1] = 0x02;
        for (byte[] bytes : new byte[][] {
            null, {}, {(byte) 0xC3, 0x01}, Arrays.copyOf(valid, 9), badMagic, "{\"json\": true}".getBytes()
        }) {
            assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(MalformedRecordException.class);
        }
    }

    @Test
    void everyTruncationAndTrailingGarbageIsMalformed() {
        for (SpecificRecord record : Samples.all()) {
            byte[] valid = codec.encode(record);
            for (int length = 0; length < valid.length; length++) {
                byte[] truncated = Arrays.copyOf(valid, length);
                assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(MalformedRecordException.class);
            }
            byte[] longer = Arrays.copyOf(valid, valid.length + 1);
            assertThatThrownBy(() -> codec.decode(longer))
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessageContaining("trailing");
        }
    }

    @Test
    void hugeLengthPrefixesFailWithoutAllocating() {
        // lengths above the test JVM's heap: an attempt to allocate them would be an OutOfMemoryError
        byte[] header = Arrays.copyOf(codec.encode(Samples.moneyDeposited()), AvroCodec.HEADER_LENGTH);
        byte[] huge = zigZagVarint(Integer.MAX_VALUE - 16);
        byte[] hugeNegative = zigZagVarint(-(Integer.MAX_VALUE - 16));
        byte[] start = {2, 'e', 2, 'a', 2, 4, 0, 0}; // eventId, accountId, version, occurredAt, metadata's 2 nulls
        byte[][] bodies = {
            concat(huge, new byte[] {1, 2, 3}), // eventId string length
            concat(start, huge, new byte[] {2, 'k', 2, 'v'}), // metadata.extra map count
            concat(start, hugeNegative, huge, new byte[] {2, 'k', 2, 'v'}), // map block with count and byte size
            concat(start, new byte[] {0}, huge, new byte[] {1}), // amount bytes length
            concat(start, new byte[] {0, 4, 4, (byte) 0xD2, 0x7E}), // union branch 63 for description
            concat(start, new byte[] {0, 4, 4, (byte) 0xD2, 2}, huge), // description string length
            concat(start, new byte[] {0, 4, 4, (byte) 0xD2, 0x01}), // union branch -1
            zigZagVarint(Long.MIN_VALUE), // a negative string length
            {
                (byte) 0x81,
                (byte) 0x80,
                (byte) 0x80,
                (byte) 0x80,
                (byte) 0x80,
                (byte) 0x80,
                (byte) 0x80,
                (byte) 0x80,
                (byte) 0x80,
                (byte) 0x80,
                (byte) 0x80
            }, // varint longer than 10 bytes
        };
        for (byte[] body : bodies) {
            Throwable thrown = catchThrowable(() -> codec.decode(concat(header, body)));
            assertThat(thrown).as(Arrays.toString(body)).isInstanceOf(MalformedRecordException.class);
        }
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButTheTwoCodecExceptions() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<byte[]> headers = new ArrayList<>();
        for (SpecificRecord record : Samples.all()) {
            headers.add(Arrays.copyOf(codec.encode(record), AvroCodec.HEADER_LENGTH));
        }
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body = new byte[random.nextInt(i % 4 == 0 ? 12 : 160)];
            random.nextBytes(body);
            byte[] bytes = switch (i % 4) {
                case 0 -> body; // no header at all
                case 1 -> concat(new byte[] {(byte) 0xC3, 0x01}, body); // magic, random fingerprint
                default -> concat(headers.get(random.nextInt(headers.size())), body); // known writer, random body
            };
            Throwable thrown = catchThrowable(() -> codec.decode(bytes));
            if (thrown == null) {
                decoded++;
            } else {
                assertThat(thrown)
                        .as("seed " + seed + ", input " + Arrays.toString(bytes))
                        .isInstanceOfAny(MalformedRecordException.class, UnknownSchemaException.class);
            }
        }
        assertThat(decoded).as("random bodies that happen to decode").isLessThan(20_000);
    }

    @Test
    void flippedBytesOfValidRecordsDecodeOrAreMalformed() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<SpecificRecord> samples = Samples.all();
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = codec.encode(samples.get(random.nextInt(samples.size())));
            int at = AvroCodec.HEADER_LENGTH + random.nextInt(bytes.length - AvroCodec.HEADER_LENGTH);
            bytes[at] = (byte) random.nextInt(256);
            Throwable thrown = catchThrowable(() -> codec.decode(bytes));
            if (thrown != null) {
                assertThat(thrown)
                        .as("seed " + seed + ", input " + Arrays.toString(bytes))
                        .isInstanceOf(MalformedRecordException.class);
            }
        }
    }

    private static Schema oldMoneyDeposited() throws IOException {
        try (InputStream in =
                AvroCodecTest.class.getResourceAsStream("/old-schemas/MoneyDeposited-before-description.avsc")) {
            assertThat(in).isNotNull();
            return SchemaParser.parseSingle(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static byte[] encodeOldMoneyDeposited(Schema old) {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        Schema metadataSchema = old.getField("metadata").schema();
        GenericRecord metadata = new GenericData.Record(metadataSchema);
        metadata.put("correlationId", "corr-old");
        metadata.put("causationId", null);
        metadata.put("extra", Map.of());
        GenericRecord record = new GenericData.Record(old);
        record.put("eventId", "evt-old");
        record.put("accountId", "acc-1");
        record.put("version", 7L);
        record.put("occurredAt", Samples.AT);
        record.put("metadata", metadata);
        record.put("amount", new BigDecimal("12.34"));
        return encodeGeneric(model, old, record);
    }

    private static byte[] encodeGeneric(GenericData model, Schema schema, GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new BinaryMessageEncoder<GenericRecord>(model, schema).encode(record, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zigZagVarint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
