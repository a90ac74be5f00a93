package dev.kes.schemas.upcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import dev.kes.schemas.serde.AvroCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * The upcaster chain on real old bytes: records written with the v1 schemas from schema-history (not with the
 * generated classes), decoded by the current build through Avro resolution and then the upcasters.
 */
class UpcastersTest {
    private static final Instant AT = Instant.parse("2026-02-01T09:00:00Z");
    private final AvroCodec codec = AvroCodec.shipped();

    @Test
    void aV1DepositGetsTheV2DescriptionRuleAndNoBalanceAfter() {
        byte[] bytes = v1("dev.kes.schemas.event.MoneyDeposited", "  rent  ");
        assertThat(codec.writerVersion(bytes)).isEqualTo(1);

        MoneyDeposited read = (MoneyDeposited) Upcasters.shipped().decode(codec, bytes);
        assertThat(read.getDescription()).isEqualTo("rent");
        assertThat(read.getAmount()).isEqualByComparingTo("12.34");
        assertThat(read.getBalanceAfter()).isNull();

        MoneyDeposited blank =
                (MoneyDeposited) Upcasters.shipped().decode(codec, v1("dev.kes.schemas.event.MoneyDeposited", "   "));
        assertThat(blank.getDescription()).isNull();
    }

    @Test
    void aV2DepositIsNotUpcast() {
        // v2 writers already normalise; the chain must not touch what it does not start from
        MoneyDeposited v2 = new MoneyDeposited(
                "e-2",
                "acc-1",
                2L,
                AT,
                new Metadata(null, null, Map.of()),
                new BigDecimal("1.00"),
                " kept as written ",
                new BigDecimal("3.00"));
        byte[] bytes = codec.encode(v2);
        assertThat(codec.writerVersion(bytes)).isEqualTo(2);
        assertThat(Upcasters.shipped().decode(codec, bytes)).isEqualTo(v2);
    }

    @Test
    void aV1WithdrawalResolvesWithoutAnUpcaster() {
        MoneyWithdrawn read =
                (MoneyWithdrawn) Upcasters.shipped().decode(codec, v1("dev.kes.schemas.event.MoneyWithdrawn", null));
        assertThat(read.getAmount()).isEqualByComparingTo("12.34");
        assertThat(read.getDescription()).isNull();
        assertThat(read.getBalanceAfter()).isNull();
    }

    @Test
    void theDepositUpcasterStripsAndTurnsBlankIntoNone() {
        MoneyDepositedV1Upcaster upcaster = new MoneyDepositedV1Upcaster();
        assertThat(upcaster.recordName()).isEqualTo("dev.kes.schemas.event.MoneyDeposited");
        assertThat(upcaster.fromVersion()).isEqualTo(1);
        assertThat(upcaster.upcast(deposit(" a b ")).getDescription()).isEqualTo("a b");
        assertThat(upcaster.upcast(deposit("")).getDescription()).isNull();
        assertThat(upcaster.upcast(deposit(null)).getDescription()).isNull();
        assertThat(upcaster.upcast(deposit("salary")).getDescription()).isEqualTo("salary");
    }

    @Test
    void stepsRunInVersionOrderFromTheWritersVersion() {
        Upcasters chain = Upcasters.of(List.of(step(2, "+v2"), step(1, "+v1")));
        assertThat(((MoneyDeposited) chain.upcast(deposit("x"), "dev.kes.schemas.event.MoneyDeposited", 1))
                        .getDescription())
                .isEqualTo("x+v1+v2");
        assertThat(((MoneyDeposited) chain.upcast(deposit("x"), "dev.kes.schemas.event.MoneyDeposited", 2))
                        .getDescription())
                .isEqualTo("x+v2");
        assertThat(((MoneyDeposited) chain.upcast(deposit("x"), "dev.kes.schemas.event.MoneyDeposited", 3))
                        .getDescription())
                .isEqualTo("x");
        assertThat(((MoneyDeposited) chain.upcast(deposit("x"), "other.Name", 1)).getDescription())
                .isEqualTo("x");
    }

    @Test
    void twoStepsFromTheSameVersionAreRefused() {
        assertThatThrownBy(() -> Upcasters.of(List.of(step(1, "a"), step(1, "b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v1");
    }

    private static MoneyDeposited deposit(String description) {
        return new MoneyDeposited(
                "e-1", "acc-1", 1L, AT, new Metadata(null, null, Map.of()), new BigDecimal("1.00"), description, null);
    }

    private static Upcaster<MoneyDeposited> step(int from, String suffix) {
        return new Upcaster<>() {
            @Override
            public String recordName() {
                return "dev.kes.schemas.event.MoneyDeposited";
            }

            @Override
            public int fromVersion() {
                return from;
            }

            @Override
            public Class<MoneyDeposited> type() {
                return MoneyDeposited.class;
            }

            @Override
            public MoneyDeposited upcast(MoneyDeposited record) {
                record.setDescription(record.getDescription() + suffix);
                return record;
            }
        };
    }

    /** A movement written by the old writer: the v1 schema from schema-history and a generic record. */
    private static byte[] v1(String recordName, String description) {
        Schema schema = historySchema(recordName + "/v1.avsc");
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        GenericRecord metadata =
                new GenericData.Record(schema.getField("metadata").schema());
        metadata.put("correlationId", null);
        metadata.put("causationId", null);
        metadata.put("extra", Map.of());
        GenericRecord record = new GenericData.Record(schema);
        record.put("eventId", "evt-old");
        record.put("accountId", "acc-1");
        record.put("version", 2L);
        record.put("occurredAt", AT);
        record.put("metadata", metadata);
        record.put("amount", new BigDecimal("12.34"));
        if (schema.getField("description") != null) {
            record.put("description", description);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new BinaryMessageEncoder<GenericRecord>(model, schema).encode(record, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema historySchema(String path) {
        try (InputStream in = UpcastersTest.class.getResourceAsStream("/schema-history/" + path)) {
            assertThat(in).as(path).isNotNull();
            return SchemaParser.parseSingle(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
