package dev.kes.admin.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The topics Kafka Streams creates for an application, recognised by name as Kafka's own reset tool
 * (StreamsResetter) recognises them: {@code <application.id>-…} ending in one of the internal suffixes.
 */
public final class InternalTopics {
    private static final List<String> SUFFIXES =
            List.of("-changelog", "-repartition", "-subscription-registration-topic", "-subscription-response-topic");
    private static final Pattern FOREIGN_KEY_JOIN =
            Pattern.compile(".+-KTABLE-FK-JOIN-SUBSCRIPTION-(REGISTRATION|RESPONSE)-\\d+-topic");

    private InternalTopics() {}

    /**
     * @param sourceTopics       topics the application reads, never internal even when named like one
     * @param otherApplications  ids of other applications (consumer groups) on the cluster: a topic of
     *                           {@code kes-projection-v2} also starts with {@code kes-projection-}, and belongs to
     *                           the application with the longest matching id
     */
    public static List<String> of(
            final String applicationId,
            final Collection<String> allTopics,
            final Set<String> sourceTopics,
            final Collection<String> otherApplications) {
        return allTopics.stream()
                .filter(topic -> isInternal(applicationId, topic) && !sourceTopics.contains(topic))
                .filter(topic -> ownerAmong(topic, applicationId, otherApplications) == null)
                .sorted()
                .toList();
    }

    /** The other application a topic named like one of {@code applicationId}'s belongs to, or null. */
    public static String ownerAmong(
            final String topic, final String applicationId, final Collection<String> otherApplications) {
        return otherApplications.stream()
                .filter(other -> other.length() > applicationId.length()
                        && other.startsWith(applicationId)
                        && isInternal(other, topic))
                .findFirst()
                .orElse(null);
    }

    public static boolean isInternal(final String applicationId, final String topic) {
        return topic.startsWith(applicationId + "-")
                && (SUFFIXES.stream().anyMatch(topic::endsWith)
                        || FOREIGN_KEY_JOIN.matcher(topic).matches());
    }
}
