package dev.kes.localstack.compose;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The property names Kafka's own config classes define: what a {@code kafka.*} or {@code streams.*} key may be. */
final class KafkaConfigNames {
    private static final Set<String> CLIENT = union(
            ProducerConfig.configNames(),
            ConsumerConfig.configNames(),
            AdminClientConfig.configNames(),
            StreamsConfig.configDef().names());
    /** Streams passes a property with one of these prefixes to that one client only. */
    private static final Map<String, Set<String>> STREAMS_CLIENT_PREFIXES = Map.of(
            StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames(),
            StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames());

    private KafkaConfigNames() {}

    /** A property every Kafka client of a service gets ({@code kafka.*}): one of the clients must know it. */
    static boolean isClientProperty(final String name) {
        return CLIENT.contains(name);
    }

    /** A Kafka Streams property ({@code streams.*}), possibly aimed at one of its clients by prefix. */
    static boolean isStreamsProperty(final String name) {
        if (StreamsConfig.configDef().names().contains(name)) {
            return true;
        }
        return STREAMS_CLIENT_PREFIXES.entrySet().stream()
                .anyMatch(prefix -> name.startsWith(prefix.getKey())
                        && prefix.getValue()
                                .contains(name.substring(prefix.getKey().length())));
    }

    /**
     * The broker property an apache/kafka image variable sets ({@code KAFKA_LOG_DIRS} → {@code log.dirs}; the image
     * maps {@code ___} to -, {@code __} to _ and _ to .), or null when the variable is not one.
     */
    static String brokerProperty(final String variable) {
        if (!variable.startsWith("KAFKA_")) {
            return null;
        }
        return variable.substring("KAFKA_".length())
                .toLowerCase(Locale.ROOT)
                .replace("___", "-")
                .replace("__", "\u0000")
                .replace('_', '.')
                .replace('\u0000', '_');
    }

    static boolean isBrokerProperty(final String name) {
        return AbstractKafkaConfig.CONFIG_DEF.names().contains(name);
    }

    @SafeVarargs
    private static Set<String> union(final Set<String>... sets) {
        final Set<String> all = new HashSet<>();
        for (final Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
