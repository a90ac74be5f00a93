package dev.kes.service.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics with the right configuration and refuses to start on an existing topic whose
 * enforced configuration is wrong: silently "fixing" the cleanup policy of someone's topic is not ours to do.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_SECONDS = 60;

    private TopicProvisioner() {}

    /** {@link #ensure(Admin, Collection, int)} with {@link Durability#MIN_INSYNC_REPLICAS}. */
    public static void ensure(final Admin admin, final Collection<TopicSpec> specs) {
        ensure(admin, specs, Durability.MIN_INSYNC_REPLICAS);
    }

    /**
     * Creates the missing topics, each with {@code min.insync.replicas} when its replication factor allows
     * ({@link Durability#topicConfigs}), and verifies the enforced configuration of the existing ones.
     */
    public static void ensure(final Admin admin, final Collection<TopicSpec> specs, final int minInsyncReplicas) {
        try {
            final Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final List<NewTopic> missing = specs.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(
                                    spec.name(),
                                    Optional.of(spec.partitions()),
                                    spec.replicationFactor() > 0
                                            ? Optional.of(spec.replicationFactor())
                                            : Optional.empty())
                            .configs(creationConfigs(spec, minInsyncReplicas)))
                    .toList();
            create(admin, missing);
            verify(
                    admin,
                    specs.stream()
                            .filter(spec -> existing.contains(spec.name()))
                            .toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException | TimeoutException e) {
            final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot provision topics " + names(specs) + ": " + explain(cause), cause);
        }
    }

    private static Map<String, String> creationConfigs(final TopicSpec spec, final int minInsyncReplicas) {
        final Map<String, String> configs =
                new HashMap<>(Durability.topicConfigs(spec.replicationFactor(), minInsyncReplicas));
        configs.putAll(spec.configs());
        return configs;
    }

    /** Refused credentials or rights are the likely first mistake on a secured cluster: say so plainly. */
    private static String explain(final Throwable cause) {
        if (cause instanceof AuthenticationException) {
            return "Kafka refused this service's credentials (" + cause.getMessage() + "); check "
                    + "kafka.security.protocol, kafka.sasl.mechanism and kafka.sasl.jaas.config";
        }
        if (cause instanceof AuthorizationException) {
            return "this service's Kafka principal lacks a right it needs (" + cause.getMessage() + ")";
        }
        return cause.toString();
    }

    private static void create(final Admin admin, final List<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        final List<String> created = new ArrayList<>();
        for (final var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("created topic {}", entry.getKey());
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                // another instance created it first: fine, the verification below runs next start
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        ServedTopics.await(admin, created, Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    private static void verify(final Admin admin, final List<TopicSpec> specs)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (specs.isEmpty()) {
            return;
        }
        final List<ConfigResource> resources = specs.stream()
                .map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                .toList();
        final Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        final List<String> problems = new ArrayList<>();
        for (final TopicSpec spec : specs) {
            final Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            for (final String key : spec.enforced()) {
                final ConfigEntry entry = actual.get(key);
                final String value = entry == null ? null : entry.value();
                if (!spec.configs().get(key).equals(value)) {
                    problems.add("topic '" + spec.name() + "' has " + key + "=" + value + " but must have " + key + "="
                            + spec.configs().get(key));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new TopicMisconfiguredException(problems);
        }
    }

    private static String names(final Collection<TopicSpec> specs) {
        return specs.stream().map(TopicSpec::name).collect(Collectors.joining(", "));
    }
}
