package dev.kes.service.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The configuration keys a service reads: single keys ({@code http.port}) and prefixes whose every key is passed on
 * ({@code kafka.}, {@code streams.}). Learnt by running the service's own reading code, so a key added there is known
 * here without a second list to keep in step; deployment files (docker-compose.yml) are checked against it.
 *
 * @param keys     keys read one by one
 * @param prefixes prefixes read as a group, each ending in a dot
 */
public record ConfigKeys(Set<String> keys, Set<String> prefixes) {
    public ConfigKeys {
        keys = Set.copyOf(keys);
        prefixes = Set.copyOf(prefixes);
    }

    /** The keys and prefixes {@code reader} reads from settings holding only {@code defaults}. */
    public static ConfigKeys readBy(final Map<String, String> defaults, final Consumer<Settings> reader) {
        final Set<String> keys = new TreeSet<>();
        final Set<String> prefixes = new TreeSet<>();
        reader.accept(Settings.recording(defaults, new KeyReads() {
            @Override
            public void key(final String key) {
                keys.add(key);
            }

            @Override
            public void prefix(final String prefix) {
                prefixes.add(prefix);
            }
        }));
        return new ConfigKeys(keys, prefixes);
    }

    /** Whether the service reads {@code key}: one of its keys, or under one of its prefixes. */
    public boolean reads(final String key) {
        return keys.contains(key)
                || prefixes.stream().anyMatch(prefix -> key.startsWith(prefix) && key.length() > prefix.length());
    }

    /** The prefix {@code key} is read under, or null when it is read alone (or not at all). */
    public String prefixOf(final String key) {
        return prefixes.stream()
                .filter(prefix -> key.startsWith(prefix) && key.length() > prefix.length())
                .findFirst()
                .orElse(null);
    }
}
