package dev.kes.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's counters by name and tags, registered the first time they are asked for. Counted once per record on
 * the stream threads: kept here rather than looked up in the registry each time.
 */
public final class Counters {
    private final MeterRegistry registry;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public Counters(final MeterRegistry registry) {
        this.registry = registry;
    }

    /** The counter {@code name} with these tag keys and values, alternating. */
    public Counter counter(final String name, final String... tags) {
        return described(name, null, tags);
    }

    /** As {@link #counter}, with the {@code # HELP} text it is registered with the first time. */
    public Counter described(final String name, final String description, final String... tags) {
        final List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        return counters.computeIfAbsent(
                key,
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
