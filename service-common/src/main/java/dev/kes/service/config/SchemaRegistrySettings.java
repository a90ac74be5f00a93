package dev.kes.service.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The schema registry a service writes through ({@code schema.registry.url}, env {@code KES_SCHEMA_REGISTRY_URL},
 * and {@code schema.registry.basic.auth.user.info}), as the configuration map {@code Codecs.fromConfig} takes.
 * Empty when no registry is set: the service writes single-object encoding, as before.
 */
public final class SchemaRegistrySettings {
    public static final String URL = "schema.registry.url";
    public static final String USER_INFO = "schema.registry.basic.auth.user.info";

    private SchemaRegistrySettings() {}

    public static Map<String, Object> from(final Settings settings) {
        final Map<String, Object> config = new HashMap<>();
        final String url = settings.get(URL, "");
        if (!url.isBlank()) {
            config.put(URL, url.strip());
        }
        final String userInfo = settings.get(USER_INFO, "");
        if (!userInfo.isBlank()) {
            config.put(USER_INFO, userInfo.strip());
        }
        return Map.copyOf(config);
    }
}
