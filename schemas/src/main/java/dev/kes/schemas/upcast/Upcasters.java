package dev.kes.schemas.upcast;

import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.MalformedRecordException;
import dev.kes.schemas.serde.UnknownSchemaException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * The chain applied after decoding: Avro resolution gives an old record the current shape, then every
 * upcaster of its writer's record name from the writer's version on runs in version order (v1 to v2,
 * v2 to v3 ...). Read paths that show or fold events decode through {@link #decode}.
 */
public final class Upcasters {
    private static final Upcasters SHIPPED = of(List.of(new MoneyDepositedV1Upcaster()));

    private final List<Upcaster<?>> steps;

    private Upcasters(List<Upcaster<?>> steps) {
        this.steps = steps;
    }

    /** The upcasters of this build's schemas. */
    public static Upcasters shipped() {
        return SHIPPED;
    }

    /** A chain of these steps; at most one step per record name and version. */
    public static Upcasters of(List<? extends Upcaster<?>> steps) {
        List<Upcaster<?>> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.<Upcaster<?>, String>comparing(Upcaster::recordName)
                .thenComparingInt(Upcaster::fromVersion));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).recordName().equals(sorted.get(i - 1).recordName())
                    && sorted.get(i).fromVersion() == sorted.get(i - 1).fromVersion()) {
                throw new IllegalArgumentException("two upcasters for "
                        + sorted.get(i).recordName() + " v" + sorted.get(i).fromVersion());
            }
        }
        return new Upcasters(List.copyOf(sorted));
    }

    /**
     * Decodes with the codec and upcasts from the writer's version.
     *
     * @throws UnknownSchemaException as {@link AvroCodec#decode(byte[])}
     * @throws MalformedRecordException as {@link AvroCodec#decode(byte[])}
     */
    public SpecificRecord decode(AvroCodec codec, byte[] bytes) {
        SpecificRecord record = codec.decode(bytes);
        // decode has checked the header and found the writer (either framing): name and version are cached look-ups
        return upcast(record, codec.writerName(bytes), codec.writerVersion(bytes));
    }

    /** Applies every step of {@code writerName} from {@code writerVersion} on, oldest first. */
    public SpecificRecord upcast(SpecificRecord record, String writerName, int writerVersion) {
        Objects.requireNonNull(record, "record");
        SpecificRecord current = record;
        for (Upcaster<?> step : steps) {
            if (step.recordName().equals(writerName) && step.fromVersion() >= writerVersion) {
                current = apply(step, current);
            }
        }
        return current;
    }

    private static <T extends SpecificRecord> SpecificRecord apply(Upcaster<T> step, SpecificRecord record) {
        if (!step.type().isInstance(record)) {
            // a record name read by another class than the step expects is a wiring bug, not bad data
            throw new IllegalStateException("upcaster for " + step.recordName() + " v" + step.fromVersion()
                    + " expects " + step.type().getName() + " but got "
                    + record.getClass().getName());
        }
        return step.upcast(step.type().cast(record));
    }
}
