package dev.kes.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.MoneyDeposited;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Lookups of {@link SchemaCatalog}. */
class SchemaCatalogTest {

    @Test
    void shippedIsBuiltOnce() {
        assertThat(SchemaCatalog.shipped()).isSameAs(SchemaCatalog.shipped());
        assertThat(AvroCodec.shipped()).isSameAs(AvroCodec.shipped());
        assertThat(AvroCodec.shipped().catalog()).isSameAs(SchemaCatalog.shipped());
    }

    @Test
    void findsWriterSchemasByFingerprintAndClassesByName() {
        SchemaCatalog catalog = SchemaCatalog.shipped();
        long fingerprint = SchemaCatalog.fingerprint(MoneyDeposited.SCHEMA$);
        assertThat(catalog.writerSchema(fingerprint)).contains(MoneyDeposited.SCHEMA$);
        assertThat(catalog.asSchemaStore().findByFingerprint(fingerprint)).isEqualTo(MoneyDeposited.SCHEMA$);
        assertThat(catalog.asSchemaStore().findByFingerprint(42L)).isNull();
        assertThat(catalog.writerSchema(42L)).isEmpty();
        assertThat(catalog.currentClass("dev.kes.schemas.event.MoneyDeposited")).contains(MoneyDeposited.class);
        assertThat(catalog.currentClass("dev.kes.schemas.common.Metadata")).isEmpty();
        assertThat(catalog.currentClass("MoneyDeposited")).isEmpty();
        assertThat(catalog.versions("dev.kes.schemas.event.MoneyDeposited")).hasSize(2);
        assertThat(catalog.versions("no.such.Record")).isEmpty();
        assertThat(catalog.currentClasses()).isEqualTo(ShippedTypes.all());
    }

    @Test
    void everyHistoryVersionIsAWriterSchema() {
        SchemaCatalog catalog = SchemaCatalog.shipped();
        for (String name : catalog.historyNames()) {
            for (Schema version : catalog.versions(name)) {
                assertThat(catalog.writerSchema(SchemaCatalog.fingerprint(version)))
                        .isPresent();
            }
        }
    }

    @Test
    void acceptsTheSameClassTwiceButOnlyRecordsAsHistory() {
        List<Class<? extends SpecificRecord>> twice = List.of(MoneyDeposited.class, MoneyDeposited.class);
        assertThat(SchemaCatalog.of(twice, List.of()).currentClass(MoneyDeposited.SCHEMA$.getFullName()))
                .contains(MoneyDeposited.class);
        assertThatThrownBy(() -> SchemaCatalog.of(
                        List.of(), List.of(Metadata.SCHEMA$.getField("extra").schema())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void historyIndexRejectsBadPathsAndGaps() {
        assertThatThrownBy(() -> SchemaHistory.Entry.parse("MoneyDeposited.avsc"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaHistory.Entry.parse("a.B/v0.avsc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaHistory.check(SchemaHistory.parseIndex("a.B/v1.avsc\na.B/v3.avsc")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SchemaHistory.check(SchemaHistory.parseIndex("a.B/v1.avsc\na.B/v1.avsc")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(SchemaHistory.parseIndex("# comment\n\na.B/v2.avsc\na.B/v1.avsc\n"))
                .extracting(SchemaHistory.Entry::version)
                .containsExactly(1, 2);
    }
}
