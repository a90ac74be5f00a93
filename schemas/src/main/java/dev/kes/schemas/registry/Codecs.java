package dev.kes.schemas.registry;

import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.SchemaCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The codec a writer uses, from its configuration, the way Confluent's serdes take theirs: with {@value #URL} a
 * registry codec (it registers the schemas it writes at once, so an unreachable registry fails the caller's start
 * with the registry's URL in the message), without it {@link AvroCodec#shipped()}. Services, the client and
 * es-admin build one codec at start through this and pass it down.
 */
public final class Codecs {
    public static final String URL = "schema.registry.url";
    /** {@code user:password} for basic authentication, as Confluent's serdes name it. */
    public static final String USER_INFO = "basic.auth.user.info";
    /** The same, under the registry's prefix (how the services' settings name it). */
    public static final String PREFIXED_USER_INFO = "schema.registry.basic.auth.user.info";

    private Codecs() {}

    /**
     * @throws SchemaRegistryException if {@value #URL} is set and the registry cannot be reached or refuses a schema
     * @throws IllegalArgumentException if {@value #URL} is not an http(s) URL
     */
    public static AvroCodec fromConfig(Map<String, ?> config) {
        String url = text(config.get(URL));
        if (url == null) {
            return AvroCodec.shipped();
        }
        return AvroCodec.withRegistry(registry(url, config));
    }

    /**
     * The codec of a reader, which writes nothing to topics: with {@value #URL} one that looks schema ids up in the
     * registry and registers nothing (after checking the registry answers, so a wrong URL fails the start with it),
     * without it {@link AvroCodec#shipped()}. Either reads both framings.
     *
     * @throws SchemaRegistryException if {@value #URL} is set and the registry cannot be reached
     */
    public static AvroCodec forReading(Map<String, ?> config) {
        String url = text(config.get(URL));
        if (url == null) {
            return AvroCodec.shipped();
        }
        SchemaRegistry registry = registry(url, config);
        registry.checkReachable();
        return AvroCodec.withRegistry(SchemaCatalog.shipped(), registry, Set.of());
    }

    /** What {@code codec} writes, for a service's start-up log. */
    public static String writes(AvroCodec codec) {
        return codec.registry()
                .map(r -> "the schema-registry framing, registry " + r.location())
                .orElse("Avro single-object encoding (no " + URL + ")");
    }

    private static SchemaRegistry registry(String url, Map<String, ?> config) {
        String userInfo = text(config.get(PREFIXED_USER_INFO));
        if (userInfo == null) {
            userInfo = text(config.get(USER_INFO));
        }
        return new HttpSchemaRegistry(url, userInfo, HttpSchemaRegistry.DEFAULT_TIMEOUT);
    }

    /** The settings that are the registry's, not a Kafka client's. */
    public static final List<String> SETTINGS = List.of(URL, USER_INFO, PREFIXED_USER_INFO);

    /** A copy of Kafka client properties without the registry's settings (a client would warn of unknown configs). */
    public static Map<String, Object> withoutRegistrySettings(Map<String, ?> properties) {
        Map<String, Object> copy = new HashMap<>(properties);
        SETTINGS.forEach(copy::remove);
        return copy;
    }

    /** Whether the configuration names a registry. */
    public static boolean usesRegistry(Map<String, ?> config) {
        return text(config.get(URL)) != null;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
