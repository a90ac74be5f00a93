package dev.kes.kafka.test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/** What a test asks a cluster about one topic: its partitions and replicas, and its configs. */
public final class TopicInspection {
    private static final long TIMEOUT_SECONDS = 30;

    private TopicInspection() {}

    public static TopicDescription describe(final Admin admin, final String topic) {
        try {
            return admin.describeTopics(Set.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic);
        } catch (Exception e) {
            throw new AssertionError("cannot describe topic " + topic, e);
        }
    }

    public static Config configs(final Admin admin, final String topic) {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            return admin.describeConfigs(List.of(resource))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(resource);
        } catch (Exception e) {
            throw new AssertionError("cannot describe the configs of topic " + topic, e);
        }
    }

    /** The value of one config of {@code topic}, as the broker reports it (its default where the topic sets none). */
    public static String config(final Admin admin, final String topic, final String key) {
        return configs(admin, topic).get(key).value();
    }
}
