package dev.kes.service.kafka;

import dev.kes.schemas.contract.DefaultTopics;
import dev.kes.service.config.Settings;
import java.util.Map;

/**
 * The topic names both services, the HTTP layer and the tests agree on; each is configurable
 * ({@code topic.commands}, {@code topic.events}, {@code topic.results}, {@code topic.dlq}, {@code topic.personal.keys}).
 */
public record TopicNames(String commands, String events, String results, String dlq, String personalKeys) {
    public static final String COMMANDS = DefaultTopics.COMMANDS;
    public static final String EVENTS = DefaultTopics.EVENTS;
    public static final String RESULTS = DefaultTopics.RESULTS;
    public static final String DLQ = DefaultTopics.DLQ;
    public static final String PERSONAL_KEYS = DefaultTopics.PERSONAL_KEYS;

    /** Without a keys topic of its own: the default one. */
    public TopicNames(final String commands, final String events, final String results, final String dlq) {
        this(commands, events, results, dlq, PERSONAL_KEYS);
    }

    public static TopicNames defaults() {
        return new TopicNames(COMMANDS, EVENTS, RESULTS, DLQ, PERSONAL_KEYS);
    }

    public static TopicNames from(final Settings settings) {
        return new TopicNames(
                settings.get("topic.commands", COMMANDS),
                settings.get("topic.events", EVENTS),
                settings.get("topic.results", RESULTS),
                settings.get("topic.dlq", DLQ),
                settings.get("topic.personal.keys", PERSONAL_KEYS));
    }

    /** The settings that name these topics: what {@link #from} reads back. */
    public Map<String, String> settings() {
        return Map.of(
                "topic.commands",
                commands,
                "topic.events",
                events,
                "topic.results",
                results,
                "topic.dlq",
                dlq,
                "topic.personal.keys",
                personalKeys);
    }

    /** Unique names for a test: {@code prefix.account-events} and so on. */
    public static TopicNames prefixed(final String prefix) {
        return new TopicNames(
                prefix + "." + COMMANDS,
                prefix + "." + EVENTS,
                prefix + "." + RESULTS,
                prefix + "." + DLQ,
                prefix + "." + PERSONAL_KEYS);
    }
}
