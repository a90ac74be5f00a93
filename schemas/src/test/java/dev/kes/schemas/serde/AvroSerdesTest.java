package dev.kes.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.event.MoneyWithdrawn;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Kafka serdes: typed, any-type, tombstones. */
class AvroSerdesTest {

    @Test
    void typedSerdeRoundTripsAndKeepsTombstones() {
        try (Serde<MoneyDeposited> serde = AvroSerdes.of(MoneyDeposited.class)) {
            MoneyDeposited record = Samples.moneyDeposited();
            byte[] bytes = serde.serializer().serialize("t", record);
            assertThat(bytes).isEqualTo(AvroCodec.shipped().encode(record));
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(record);
            assertThat(serde.serializer().serialize("t", null)).isNull();
            assertThat(serde.deserializer().deserialize("t", null)).isNull();
        }
    }

    @Test
    void typedSerdeRejectsOtherTypesAndEmptyBytes() {
        Serde<MoneyWithdrawn> serde = AvroSerdes.of(MoneyWithdrawn.class);
        byte[] deposited = AvroCodec.shipped().encode(Samples.moneyDeposited());
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", deposited))
                .isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[0]))
                .isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void anySerdeReadsEveryType() {
        Serde<SpecificRecord> serde = AvroSerdes.any();
        for (SpecificRecord record : Samples.all()) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", record)))
                    .isEqualTo(record);
        }
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void onlyCurrentTypesGetASerde() {
        AvroCodec renamedOnly = AvroCodec.of(SchemaCatalog.of(List.of(RenamedThing.class), List.of()));
        assertThatThrownBy(() -> AvroSerdes.of(MoneyDeposited.class, renamedOnly))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AvroSerdes.of(RenamedThing.class, renamedOnly)).isNotNull();
    }
}
