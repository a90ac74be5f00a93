package dev.kes.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.registry.InMemorySchemaRegistry;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.schemas.upcast.Upcasters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The Confluent framing ({@code 00} + schema id + datum) beside single-object encoding, over an in-memory registry. */
class RegistryFramingTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroCodec writer = AvroCodec.withRegistry(registry);

    @Test
    void topicTypesAreRegisteredUnderTheirFullNameAndWrittenWithTheirId() {
        assertThat(registry.registrations()).isEqualTo(ShippedTypes.onTopics().size());
        for (SpecificRecord record : Samples.all()) {
            byte[] bytes = writer.encode(record);
            if (ShippedTypes.onTopics().contains(record.getClass())) {
                assertThat(bytes[0]).isEqualTo((byte) 0);
                int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
                assertThat(registry.schemaById(id)).isEqualTo(record.getSchema());
                assertThat(registry.register(record.getSchema().getFullName(), record.getSchema()))
                        .isEqualTo(id);
                // the datum after the header is the same Avro binary as in single-object encoding
                byte[] singleObject = AvroCodec.shipped().encode(record);
                assertThat(Arrays.copyOfRange(bytes, 5, bytes.length))
                        .isEqualTo(Arrays.copyOfRange(singleObject, 10, singleObject.length));
            } else {
                // state-store and archive types stay single-object: a restore never needs the registry
                assertThat(bytes).isEqualTo(AvroCodec.shipped().encode(record));
            }
            assertThat(writer.decode(bytes)).isEqualTo(record);
        }
    }

    @Test
    void everyCodecWithARegistryReadsBothFramings() {
        // another process: same registry, nothing registered by it, so every id is looked up
        AvroCodec reader = AvroCodec.withRegistry(SchemaCatalog.shipped(), registry, Set.of());
        for (SpecificRecord record : Samples.all()) {
            assertThat(reader.decode(writer.encode(record))).isEqualTo(record);
            assertThat(reader.decode(AvroCodec.shipped().encode(record))).isEqualTo(record);
            assertThat(writer.decode(AvroCodec.shipped().encode(record))).isEqualTo(record);
            assertThat(reader.fingerprint(writer.encode(record)))
                    .isEqualTo(SchemaCatalog.fingerprint(record.getSchema()));
        }
    }

    @Test
    void framingsConvertBothWays() {
        MoneyDeposited deposited = Samples.moneyDeposited();
        byte[] framed = writer.encode(deposited);
        byte[] singleObject = AvroCodec.shipped().encode(deposited);
        assertThat(writer.toSingleObject(framed)).isEqualTo(singleObject);
        assertThat(writer.toSingleObject(singleObject)).isSameAs(singleObject);
        assertThat(writer.toWire(singleObject)).isEqualTo(framed);
        assertThat(writer.toWire(framed)).isSameAs(framed);
        assertThat(AvroCodec.shipped().toWire(singleObject)).isSameAs(singleObject);
        AccountSnapshot snapshot = (AccountSnapshot) Samples.all().stream()
                .filter(AccountSnapshot.class::isInstance)
                .findFirst()
                .orElseThrow();
        byte[] store = writer.encode(snapshot);
        assertThat(writer.toWire(store)).isSameAs(store);
    }

    @Test
    void anOldVersionInRegistryFramingIsUpcastLikeItsSingleObjectTwin() {
        Schema v1 = historySchema("dev.kes.schemas.event.MoneyDeposited/v1.avsc");
        int id = registry.register(v1.getFullName(), v1);
        GenericRecord old = v1Deposit(v1, "  rent  ");
        byte[] bytes = framed(id, v1, old);

        assertThat(writer.writerVersion(bytes)).isEqualTo(1);
        assertThat(writer.writerName(bytes)).isEqualTo("dev.kes.schemas.event.MoneyDeposited");
        MoneyDeposited read = (MoneyDeposited) Upcasters.shipped().decode(writer, bytes);
        assertThat(read.getDescription()).isEqualTo("rent");
        assertThat(read.getAmount()).isEqualByComparingTo("12.34");
        // stored single-object under v1's fingerprint: the upcaster still applies when read back
        assertThat(Upcasters.shipped().decode(AvroCodec.shipped(), writer.toSingleObject(bytes)))
                .isEqualTo(read);
    }

    @Test
    void aRegistrySchemaThisBuildNeverPublishedIsReadIntoTheCurrentClass() {
        Schema current = MoneyDeposited.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("channel", Schema.create(Schema.Type.STRING), "a newer producer's field", "web"));
        Schema newer = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        assertThat(SchemaCatalog.shipped().writerSchema(SchemaCatalog.fingerprint(newer)))
                .isEmpty();
        int id = registry.register(newer.getFullName(), newer);

        MoneyDeposited expected = Samples.moneyDeposited();
        GenericRecord record = new GenericData.Record(newer);
        current.getFields().forEach(f -> record.put(f.name(), expected.get(f.pos())));
        record.put("channel", "mobile");
        byte[] bytes = framed(id, newer, record);

        AvroCodec reader = AvroCodec.withRegistry(SchemaCatalog.shipped(), registry, Set.of());
        assertThat(reader.decode(bytes, MoneyDeposited.class)).isEqualTo(expected);
        assertThat(reader.decode(bytes)).isEqualTo(expected); // the on-the-fly reader, cached
        assertThat(reader.writerVersion(bytes))
                .isGreaterThan(
                        SchemaCatalog.shipped().versions(newer.getFullName()).size());
        assertThat(Upcasters.shipped().decode(reader, bytes)).isEqualTo(expected);
        // a store gets the current shape, which a codec without the registry reads
        assertThat(AvroCodec.shipped().decode(reader.toSingleObject(bytes))).isEqualTo(expected);
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsUnknownSchemaNamingTheId() {
        byte[] bytes = withId(writer.encode(Samples.moneyDeposited()), 4711);
        assertThatThrownBy(() -> writer.decode(bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("4711")
                .satisfies(
                        e -> assertThat(((UnknownSchemaException) e).schemaId()).hasValue(4711));
        assertThatThrownBy(() -> Upcasters.shipped().decode(writer, bytes)).isInstanceOf(UnknownSchemaException.class);
    }

    @Test
    void aRegistrySchemaOfARecordNoCurrentClassReadsIsUnknownSchema() {
        Schema foreign = SchemaParser.parseSingle(
                "{\"type\":\"record\",\"name\":\"Other\",\"namespace\":\"x\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        int id = registry.register("x.Other", foreign);
        GenericRecord record = new GenericData.Record(foreign);
        record.put("a", 1);
        assertThatThrownBy(() -> writer.decode(framed(id, foreign, record)))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("x.Other")
                .hasMessageContaining("schema id " + id);
    }

    @Test
    void aCodecWithoutARegistrySaysTheRecordIsInRegistryFraming() {
        byte[] bytes = writer.encode(Samples.moneyDeposited());
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThatThrownBy(() -> AvroCodec.shipped().decode(bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("schema-registry framing (schema id " + id + ")")
                .hasMessageContaining("no schema.registry.url is configured")
                .satisfies(
                        e -> assertThat(((UnknownSchemaException) e).schemaId()).hasValue(id));
    }

    @Test
    void aTruncatedRegistryHeaderIsMalformed() {
        assertThatThrownBy(() -> writer.decode(new byte[] {0, 0, 1}))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("5-byte header");
        byte[] bytes = writer.encode(Samples.moneyDeposited());
        assertThatThrownBy(() -> writer.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(MalformedRecordException.class);
    }

    private static byte[] withId(byte[] framed, int id) {
        byte[] copy = framed.clone();
        ByteBuffer.wrap(copy, 1, 4).putInt(id);
        return copy;
    }

    /** What Confluent's KafkaAvroSerializer writes: 00, the id big-endian, the datum. */
    private static byte[] framed(int id, Schema schema, GenericRecord record) {
        SpecificData model = SpecificData.getForClass(MoneyDeposited.class);
        @SuppressWarnings("unchecked")
        DatumWriter<GenericRecord> datumWriter = (DatumWriter<GenericRecord>) model.createDatumWriter(schema);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            datumWriter.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenericRecord v1Deposit(Schema v1, String description) {
        GenericRecord metadata = new GenericData.Record(v1.getField("metadata").schema());
        metadata.put("correlationId", null);
        metadata.put("causationId", null);
        metadata.put("extra", Map.of());
        GenericRecord record = new GenericData.Record(v1);
        record.put("eventId", "evt-old");
        record.put("accountId", "acc-1");
        record.put("version", 2L);
        record.put("occurredAt", Samples.AT);
        record.put("metadata", metadata);
        record.put("amount", new BigDecimal("12.34"));
        if (v1.getField("description") != null) {
            record.put("description", description);
        }
        return record;
    }

    private static Schema historySchema(String path) {
        try (InputStream in = RegistryFramingTest.class.getResourceAsStream("/schema-history/" + path)) {
            assertThat(in).as(path).isNotNull();
            return SchemaParser.parseSingle(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
