package dev.kes.command;

import dev.kes.service.kafka.CommandTopicSpecs;
import dev.kes.service.kafka.TopicSpec;
import dev.kes.service.personal.PersonalKeysTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The topics the command service needs, with the policies of DESIGN.md "Topics". */
public final class CommandTopics {
    private CommandTopics() {}

    public static List<TopicSpec> specs(final CommandServiceConfig config) {
        final List<TopicSpec> specs = new ArrayList<>(CommandTopicSpecs.shared(
                config.topics(), config.partitions(), config.replicationFactor(), config.resultsRetention()));
        specs.add(
                CommandTopicSpecs.deadLetters(config.topics().dlq(), config.partitions(), config.replicationFactor()));
        specs.add(PersonalKeysTopic.spec(config.topics().personalKeys(), config.replicationFactor()));
        return List.copyOf(specs);
    }

    /**
     * How many partitions the topic has, as the brokers say: an existing commands topic may have another count than
     * the service would create, and the processor must place keys by the real one. A topic created a moment ago may
     * not be known to every broker yet: asked again until the deadline.
     */
    public static int partitionCount(final Admin admin, final String topic) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (true) {
                try {
                    return admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                            .get(topic)
                            .partitions()
                            .size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot read the partitions of topic " + topic + ": " + cause, cause);
        }
    }
}
