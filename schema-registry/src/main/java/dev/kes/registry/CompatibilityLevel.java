package dev.kes.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's {@link SchemaCompatibility}: BACKWARD means the new schema
 * reads what the previous one wrote, FORWARD the reverse, FULL both; the transitive levels check against every
 * earlier version instead of the latest only.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** Confluent Schema Registry's default, and so ours. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(final boolean backward, final boolean forward, final boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The level named {@code name} (any case), or a 42203 error. */
    public static CompatibilityLevel parse(final String name) {
        if (name != null) {
            for (final CompatibilityLevel level : values()) {
                if (level.name().equalsIgnoreCase(name.strip())) {
                    return level;
                }
            }
        }
        throw RegistryException.invalidCompatibilityLevel(name);
    }

    static String names() {
        return Arrays.stream(values())
                .map(level -> level.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /**
     * Why {@code candidate} may not follow {@code earlier} (oldest first) at this level; empty when it may.
     * A non-transitive level looks at the last of {@code earlier} only.
     */
    public List<String> problems(final Schema candidate, final List<Schema> earlier) {
        final List<String> problems = new ArrayList<>();
        if (earlier.isEmpty() || this == NONE) {
            return problems;
        }
        final List<Schema> checked = transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (final Schema previous : checked) {
            if (backward) {
                problems.addAll(
                        problems(candidate, previous, "the new schema cannot read data written by an earlier one"));
            }
            if (forward) {
                problems.addAll(
                        problems(previous, candidate, "an earlier schema cannot read data written by the new one"));
            }
        }
        return problems;
    }

    private static List<String> problems(final Schema reader, final Schema writer, final String summary) {
        final SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        final List<String> problems = new ArrayList<>();
        for (final SchemaCompatibility.Incompatibility incompatibility :
                result.getResult().getIncompatibilities()) {
            problems.add("{errorType:'" + incompatibility.getType() + "', description:'" + summary + ": "
                    + incompatibility.getMessage() + "', location:'" + incompatibility.getLocation() + "'}");
        }
        if (problems.isEmpty()) {
            problems.add("{description:'" + summary + "'}");
        }
        return problems;
    }
}
