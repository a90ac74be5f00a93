package dev.kes.projection.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.view.MonthlySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** A stored month as the API shows it, also when an older version of the service stored it. */
class MonthlyViewsTest {
    @Test
    void aMonthStoredBeforeTransfersExistedShowsNoTransfers() throws Exception {
        final Schema v1;
        try (InputStream in = MonthlySnapshot.class.getResourceAsStream(
                "/schema-history/dev.kes.schemas.view.MonthlySnapshot/v1.avsc")) {
            v1 = SchemaParser.parseSingle(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(v1.getField("transfersIn"))
                .as("v1 is the schema without transfers")
                .isNull();
        final GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        final GenericRecord month = new GenericData.Record(v1);
        month.put("month", "2024-02");
        month.put("openingBalance", money("10"));
        month.put("closingBalance", money("12"));
        month.put("deposits", money("3"));
        month.put("withdrawals", money("1"));
        month.put("interest", money("0"));
        month.put("eventCount", 2L);
        month.put("lastVersion", 7L);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(model, v1).encode(month, out);

        final MonthlySnapshot stored = AvroSerdes.of(MonthlySnapshot.class)
                .deserializer()
                .deserialize("monthly-snapshots-changelog", out.toByteArray());
        assertThat(MonthlyViews.toResponse(stored))
                .isEqualTo(
                        new MonthResponse("2024-02", "10.00", "12.00", "3.00", "1.00", "0.00", "0.00", "0.00", 2, 7));
    }

    private static BigDecimal money(final String amount) {
        return new BigDecimal(amount).setScale(2);
    }
}
