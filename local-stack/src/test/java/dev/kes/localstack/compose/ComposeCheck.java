package dev.kes.localstack.compose;

import dev.kes.localstack.compose.ComposeFile.PortMapping;
import dev.kes.localstack.compose.ComposeFile.Service;
import dev.kes.localstack.compose.ComposeFile.Volume;
import dev.kes.localstack.compose.ServiceKind.Endpoint;
import dev.kes.service.config.ConfigKeys;
import dev.kes.service.config.Settings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything in a compose file that would only fail once it runs, found by reading it: a variable no service reads,
 * a Kafka property that does not exist, a jar the build does not make, a host port taken twice, a state volume shared
 * by two instances, a projection instance that advertises a name the others cannot reach.
 */
final class ComposeCheck {
    /** Read by the apache/kafka image's start scripts, not broker properties. */
    private static final Set<String> BROKER_SCRIPT_VARIABLES = Set.of(
            "KAFKA_HEAP_OPTS",
            "KAFKA_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_GC_LOG_OPTS",
            "KAFKA_LOG4J_OPTS",
            "KAFKA_JMX_OPTS");

    private static final String ANY_ADDRESS = "0.0.0.0";

    private final ComposeFile compose;
    private final Map<String, ServiceKind> kindsByJar;
    private final List<String> problems = new ArrayList<>();

    private ComposeCheck(final ComposeFile compose, final Map<String, ServiceKind> kindsByJar) {
        this.compose = compose;
        this.kindsByJar = kindsByJar;
    }

    /** Every problem found, each naming the service and the key; empty when none. */
    static List<String> problems(final ComposeFile compose, final Map<String, ServiceKind> kindsByJar) {
        return new ComposeCheck(compose, kindsByJar).run();
    }

    private List<String> run() {
        final Map<String, List<Service>> instancesByKind = new LinkedHashMap<>();
        final Map<String, Endpoint> endpoints = new HashMap<>();
        for (final Service service : compose.services().values()) {
            final Optional<ServiceKind> kind = kind(service);
            if (kind.isPresent()) {
                final Endpoint endpoint = checkServiceEnvironment(service, kind.get());
                if (endpoint != null) {
                    endpoints.put(service.name(), endpoint);
                    checkEndpoint(service, endpoint);
                }
                instancesByKind
                        .computeIfAbsent(kind.get().module(), module -> new ArrayList<>())
                        .add(service);
            } else {
                checkBrokerEnvironment(service);
            }
        }
        instancesByKind.forEach((module, instances) -> checkOneApplication(module, instances, endpoints));
        checkHostPortsUnique();
        checkNamedVolumesNotShared();
        return problems;
    }

    /** The kind of the service jar the service runs (a mounted jar must be one the build makes); empty if none. */
    private Optional<ServiceKind> kind(final Service service) {
        ServiceKind kind = null;
        for (final Volume volume : service.volumes()) {
            if (!volume.bindMount() || !volume.target().endsWith(".jar")) {
                continue;
            }
            final ServiceKind built = kindsByJar.get(volume.source());
            if (built == null) {
                problems.add(service.name() + ": mounts " + volume.source() + ", which the build does not produce "
                        + "(it builds " + kindsByJar.keySet() + ")");
                continue;
            }
            final int jarFlag = service.command().indexOf("-jar");
            if (jarFlag < 0
                    || jarFlag + 1 >= service.command().size()
                    || !service.command().get(jarFlag + 1).equals(volume.target())) {
                problems.add(service.name() + ": its command " + service.command() + " does not run the jar "
                        + "mounted at " + volume.target());
            }
            kind = built;
        }
        return Optional.ofNullable(kind);
    }

    /** Every KES_* / KAFKA_* variable must set a key the service reads; then the service's own parsing must pass. */
    private Endpoint checkServiceEnvironment(final Service service, final ServiceKind kind) {
        final ConfigKeys keys = kind.keys();
        service.environment().forEach((variable, value) -> {
            final String key = Settings.keyOfEnvironmentVariable(variable).orElse(null);
            if (key == null) {
                return; // KES_CONFIG_FILE, or a variable for the JVM or the image
            }
            final String prefix = keys.prefixOf(key);
            final String problem;
            if ("kafka.".equals(prefix)) {
                problem = KafkaConfigNames.isClientProperty(key.substring(prefix.length()))
                        ? null
                        : "'" + key.substring(prefix.length()) + "' is not a Kafka client property";
            } else if ("streams.".equals(prefix)) {
                problem = KafkaConfigNames.isStreamsProperty(key.substring(prefix.length()))
                        ? null
                        : "'" + key.substring(prefix.length()) + "' is not a Kafka Streams property";
            } else {
                problem = keys.reads(key) ? null : kind.module() + " reads no key '" + key + "'";
            }
            if (problem != null) {
                problems.add(service.name() + ": " + variable + ": " + problem);
            }
        });
        try {
            return kind.endpoint().apply(service.environment());
        } catch (RuntimeException e) {
            problems.add(service.name() + ": " + kind.module() + " would not start: " + e.getMessage());
            return null;
        }
    }

    /** Reachable from outside its container, on a published port, and its Kafka bootstrap is a compose service. */
    private void checkEndpoint(final Service service, final Endpoint endpoint) {
        if (!endpoint.httpHost().equals(ANY_ADDRESS)) {
            problems.add(service.name() + ": listens on " + endpoint.httpHost() + ", unreachable from outside its "
                    + "container (KES_HTTP_HOST: " + ANY_ADDRESS + ")");
        }
        if (service.ports().stream().noneMatch(port -> port.container() == endpoint.httpPort())) {
            problems.add(service.name() + ": listens on port " + endpoint.httpPort() + ", which ports "
                    + service.ports() + " do not publish");
        }
        final String bootstrap = service.environment().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
        for (final String address : bootstrap.split(",")) {
            final String host = address.strip().replaceFirst(":\\d+$", "");
            if (!compose.services().containsKey(host)) {
                problems.add(service.name() + ": KAFKA_BOOTSTRAP_SERVERS names '" + host + "', no compose service");
            }
        }
    }

    /**
     * Instances of one service form one Kafka Streams application (same application id) and, where queries are
     * forwarded, each advertises its own compose service name, which the others resolve on the compose network.
     */
    private void checkOneApplication(
            final String module, final List<Service> instances, final Map<String, Endpoint> endpoints) {
        final Set<String> ids = new TreeSet<>();
        for (final Service instance : instances) {
            final Endpoint endpoint = endpoints.get(instance.name());
            if (endpoint == null) {
                continue;
            }
            ids.add(endpoint.applicationId());
            if (endpoint.advertisedHost() != null && !endpoint.advertisedHost().equals(instance.name())) {
                problems.add(instance.name() + ": advertises '" + endpoint.advertisedHost() + "' for forwarded "
                        + "queries, not its own service name"
                        + (compose.services().containsKey(endpoint.advertisedHost())
                                ? " (that is another instance)"
                                : " (no compose service)"));
            }
        }
        if (ids.size() > 1) {
            problems.add(module + ": its instances have different application ids " + ids
                    + ", so they do not share the partitions");
        }
    }

    private void checkBrokerEnvironment(final Service service) {
        service.environment().keySet().stream()
                .filter(variable -> !BROKER_SCRIPT_VARIABLES.contains(variable))
                .forEach(variable -> {
                    final String property = KafkaConfigNames.brokerProperty(variable);
                    if (property != null && !KafkaConfigNames.isBrokerProperty(property)) {
                        problems.add(
                                service.name() + ": " + variable + ": '" + property + "' is not a broker property");
                    }
                });
    }

    private void checkHostPortsUnique() {
        final Map<Integer, String> owners = new HashMap<>();
        for (final Service service : compose.services().values()) {
            for (final PortMapping port : service.ports()) {
                if (port.host() == null) {
                    continue;
                }
                final String other = owners.putIfAbsent(port.host(), service.name());
                if (other != null) {
                    problems.add(service.name() + ": host port " + port.host() + " is already " + other + "'s");
                }
            }
        }
    }

    /** A state dir (RocksDB, its lock) belongs to one instance: two services on one named volume collide. */
    private void checkNamedVolumesNotShared() {
        final Map<String, String> owners = new HashMap<>();
        for (final Service service : compose.services().values()) {
            for (final Volume volume : service.volumes()) {
                if (volume.bindMount() || volume.source().isEmpty()) {
                    continue;
                }
                final String other = owners.putIfAbsent(volume.source(), service.name());
                if (other != null) {
                    problems.add(service.name() + ": volume " + volume.source() + " is " + other + "'s too");
                }
            }
        }
    }
}
