package dev.kes.schemas.serde;

import java.lang.reflect.Constructor;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificData.SchemaConstructable;
import org.apache.avro.specific.SpecificRecord;

/**
 * A {@link SpecificData} model for decoding that maps record and enum names to classes from an
 * explicit table instead of loading them by name.
 *
 * <p>Why: since 1.12 Avro refuses to load classes by name unless they are trusted through JVM
 * system properties or a global, mutable {@code ClassSecurityValidator}; by default even the
 * generated classes' own {@code getDecoder()} fails with a SecurityException. Reader schemas
 * always come from the catalog's own classes, so the named types reachable from them are
 * resolved here, eagerly and once, without touching any global setting. The model carries the
 * reader class's logical type conversions (decimal, timestamp).
 */
final class TrustedSpecificData extends SpecificData {

    private final Map<String, Class<?>> classes;
    /**
     * The no-argument constructors of the record classes, made accessible once: Avro's own path checks the caller's
     * access on every record it creates.
     */
    private final Map<String, Constructor<?>> constructors;

    private TrustedSpecificData(
            ClassLoader loader, Map<String, Class<?>> classes, Collection<Conversion<?>> conversions) {
        super(loader);
        this.classes = classes;
        this.constructors = recordConstructors(classes);
        conversions.forEach(this::addLogicalTypeConversion);
    }

    private static Map<String, Constructor<?>> recordConstructors(Map<String, Class<?>> classes) {
        Map<String, Constructor<?>> constructors = new HashMap<>();
        classes.forEach((name, type) -> {
            if (SpecificRecord.class.isAssignableFrom(type) && !SchemaConstructable.class.isAssignableFrom(type)) {
                try {
                    Constructor<?> constructor = type.getDeclaredConstructor();
                    constructor.setAccessible(true);
                    constructors.put(name, constructor);
                } catch (NoSuchMethodException | SecurityException e) {
                    // left to Avro's own path
                }
            }
        });
        return Map.copyOf(constructors);
    }

    /** A model for reading into {@code type}, using its own conversions. */
    static TrustedSpecificData forReader(Class<? extends SpecificRecord> type) {
        Map<String, Class<?>> classes = new HashMap<>();
        collect(SchemaCatalog.schemaOf(type), type.getClassLoader(), classes);
        return new TrustedSpecificData(
                type.getClassLoader(),
                Map.copyOf(classes),
                SpecificData.getForClass(type).getConversions());
    }

    private static void collect(Schema schema, ClassLoader loader, Map<String, Class<?>> classes) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (classes.containsKey(schema.getFullName())) {
                    return;
                }
                classes.put(schema.getFullName(), load(schema, loader));
                if (schema.getType() == Schema.Type.RECORD) {
                    schema.getFields().forEach(f -> collect(f.schema(), loader, classes));
                }
            }
            case UNION -> schema.getTypes().forEach(t -> collect(t, loader, classes));
            case ARRAY -> collect(schema.getElementType(), loader, classes);
            case MAP -> collect(schema.getValueType(), loader, classes);
            default -> {
                // primitives carry no class
            }
        }
    }

    private static Class<?> load(Schema schema, ClassLoader loader) {
        String name = SpecificData.getClassName(schema);
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class " + name + " for schema " + schema.getFullName(), e);
        }
    }

    /** How both of Avro's readers create records: the fast reader asks for this supplier once per record type. */
    @Override
    public InstanceSupplier getNewRecordSupplier(Schema schema) {
        Constructor<?> constructor = constructors.get(schema.getFullName());
        if (constructor == null) {
            return super.getNewRecordSupplier(schema);
        }
        return (old, ignored) -> constructor.getDeclaringClass().isInstance(old) ? old : instantiate(constructor);
    }

    @Override
    public Object newRecord(Object old, Schema schema) {
        return getNewRecordSupplier(schema).newInstance(old, schema);
    }

    private static Object instantiate(Constructor<?> constructor) {
        try {
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AvroRuntimeException(
                    "cannot create a " + constructor.getDeclaringClass().getName(), e);
        }
    }

    @Override
    public Class<?> getClass(Schema schema) {
        Class<?> known = classes.get(schema.getFullName());
        return known != null ? known : super.getClass(schema);
    }
}
