package dev.kes.localstack.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The parts of a docker-compose.yml the checks look at, read with SnakeYAML (anchors and {@code <<} merge keys
 * resolved, as Docker Compose resolves them).
 */
record ComposeFile(Map<String, Service> services) {

    /** A {@code ports:} entry: {@code "host:container"} or a bare container port (published on any host port). */
    record PortMapping(Integer host, int container) {}

    /** A {@code volumes:} entry: {@code source:target[:mode]}; a source starting with . or / is a host path. */
    record Volume(String source, String target) {
        boolean bindMount() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    record Service(
            String name,
            List<String> command,
            List<PortMapping> ports,
            Map<String, String> environment,
            List<Volume> volumes) {}

    static ComposeFile parse(final String yaml) {
        final Map<String, Object> root = map(new Yaml().load(yaml), "the file");
        final Map<String, Service> services = new LinkedHashMap<>();
        map(root.get("services"), "services").forEach((name, body) -> {
            final Map<String, Object> service = map(body, name);
            services.put(
                    name,
                    new Service(
                            name,
                            strings(service.get("command")),
                            ports(service.get("ports")),
                            environment(service.get("environment")),
                            volumes(service.get("volumes"))));
        });
        return new ComposeFile(services);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object node, final String what) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map)) {
            throw new IllegalArgumentException(what + " is not a mapping");
        }
        return (Map<String, Object>) node;
    }

    private static List<String> strings(final Object node) {
        final List<String> list = new ArrayList<>();
        if (node instanceof List<?> items) {
            items.forEach(item -> list.add(String.valueOf(item)));
        } else if (node != null) {
            list.addAll(List.of(String.valueOf(node).trim().split("\\s+")));
        }
        return list;
    }

    /** Both forms Compose accepts: a mapping, or a list of {@code NAME=value}. */
    private static Map<String, String> environment(final Object node) {
        final Map<String, String> env = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> entries) {
            entries.forEach((name, value) -> env.put(String.valueOf(name), value == null ? "" : String.valueOf(value)));
        } else {
            for (final String entry : strings(node)) {
                final int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            }
        }
        return env;
    }

    private static List<PortMapping> ports(final Object node) {
        final List<PortMapping> ports = new ArrayList<>();
        for (final String entry : strings(node)) {
            final String[] parts = entry.split(":");
            final int container = Integer.parseInt(parts[parts.length - 1].replaceFirst("/.*", ""));
            ports.add(new PortMapping(parts.length > 1 ? Integer.valueOf(parts[parts.length - 2]) : null, container));
        }
        return ports;
    }

    private static List<Volume> volumes(final Object node) {
        final List<Volume> volumes = new ArrayList<>();
        for (final String entry : strings(node)) {
            final String[] parts = entry.split(":");
            volumes.add(parts.length == 1 ? new Volume("", parts[0]) : new Volume(parts[0], parts[1]));
        }
        return volumes;
    }
}
