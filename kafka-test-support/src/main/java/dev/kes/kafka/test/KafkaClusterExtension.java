package dev.kes.kafka.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link KafkaTestCluster} parameters with ONE cluster per test JVM, started lazily on first use and
 * kept in the root {@link ExtensionContext.Store}, which closes it when the test run ends.
 * <p>
 * Which cluster (blank values count as absent):
 * <ol>
 *   <li>system property {@code kafka.bootstrap=host:port[,...]}: an external cluster (e.g. docker compose);</li>
 *   <li>system property {@code kafka.provider=testcontainers}: a Testcontainers {@code apache/kafka} container
 *       (image overridable with {@code kafka.image});</li>
 *   <li>otherwise ({@code kafka.provider} unset or {@code embedded}): a 1-node in-process KRaft cluster.</li>
 * </ol>
 */
public final class KafkaClusterExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaTestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    private static KafkaTestCluster cluster(ExtensionContext context) {
        // the store computes the value once, even with parallel test execution
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        DefaultKafkaTestCluster.class,
                        key -> KafkaClusters.start(ProviderChoice.fromSystemProperties()),
                        DefaultKafkaTestCluster.class);
    }
}
