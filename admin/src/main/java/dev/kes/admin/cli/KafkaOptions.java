package dev.kes.admin.cli;

import dev.kes.schemas.registry.Codecs;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.SchemaCatalog;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How every command reaches Kafka: the options Kafka's own tools use. */
public final class KafkaOptions {
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT[,HOST:PORT…]",
            description = "Kafka bootstrap servers (default: bootstrap.servers of --command-config, else "
                    + DEFAULT_BOOTSTRAP + ")")
    private String bootstrap;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "Kafka client properties for every client the tool creates: security.protocol, sasl.*, "
                    + "ssl.* … (plain client keys, as for Kafka's own tools)")
    private Path commandConfig;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "how long a Kafka call, or a read without progress, may take (default: ${DEFAULT-VALUE})")
    private long timeoutSeconds;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            defaultValue = "${env:KES_SCHEMA_REGISTRY_URL}",
            description = "the schema registry to look up the schema ids of records in the Confluent framing "
                    + "(default: $KES_SCHEMA_REGISTRY_URL, else schema.registry.url of --command-config; none: the "
                    + "first such record stops the command, saying so). Basic auth: basic.auth.user.info in "
                    + "--command-config")
    private String schemaRegistryUrl;

    /** Read and checked once: the checks print warnings and look up hosts. */
    private Map<String, Object> checked;
    /** The registry settings of --command-config and --schema-registry-url, not handed to Kafka clients. */
    private final Map<String, Object> registry = new HashMap<>();

    private AvroCodec codec;

    /** The client properties: the file's, with {@code --bootstrap} (or the default) as bootstrap.servers. */
    public Map<String, Object> clientProperties() {
        if (checked == null) {
            checked = read();
        }
        return new HashMap<>(checked);
    }

    private Map<String, Object> read() {
        final Map<String, Object> props = new HashMap<>();
        if (commandConfig != null) {
            final Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(commandConfig)) {
                file.load(reader);
            } catch (IOException e) {
                throw new BadValueException(
                        command.commandLine(), "cannot read --command-config " + commandConfig + ": " + e.getMessage());
            }
            file.stringPropertyNames()
                    .forEach(name -> props.put(name, file.getProperty(name).strip()));
        }
        for (final String key : Codecs.SETTINGS) {
            final Object value = props.remove(key);
            if (value != null) {
                registry.put(key, value);
            }
        }
        if (schemaRegistryUrl != null && !schemaRegistryUrl.isBlank()) {
            registry.put(Codecs.URL, schemaRegistryUrl.strip());
        }
        final String source = bootstrap != null
                ? "--bootstrap"
                : props.containsKey("bootstrap.servers")
                        ? "bootstrap.servers of --command-config " + commandConfig
                        : "the default bootstrap";
        if (bootstrap != null) {
            props.put("bootstrap.servers", bootstrap);
        }
        props.putIfAbsent("bootstrap.servers", DEFAULT_BOOTSTRAP);
        checkBootstrap(source, String.valueOf(props.get("bootstrap.servers")));
        return props;
    }

    /**
     * The codec to read records with, built once: both framings, schema ids looked up in the registry if one is
     * configured (checked to answer first, so a wrong URL fails the command with the URL in the message).
     */
    public AvroCodec codec() {
        if (codec == null) {
            clientProperties();
            // both framings are read either way; without a registry, one in the registry's framing stops the command
            codec = Codecs.usesRegistry(registry)
                    ? Codecs.forReading(registry)
                    : AvroCodec.withRegistry(SchemaCatalog.shipped(), new RegistryNotGiven(), Set.of());
        }
        return codec;
    }

    public Duration timeout() {
        if (timeoutSeconds <= 0) {
            throw new BadValueException(command.commandLine(), "--timeout must be a positive number of seconds");
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** Exit 2 with the reason for what no Kafka client would accept, rather than exit 4 without one. */
    private void checkBootstrap(final String source, final String servers) {
        try {
            BootstrapServers.check(servers)
                    .unresolved()
                    .forEach(server -> command.commandLine()
                            .getErr()
                            .println(
                                    "warning: " + source + ": cannot resolve " + server + "; using the other servers"));
        } catch (IllegalArgumentException e) {
            throw new BadValueException(command.commandLine(), source + " " + servers + ": " + e.getMessage());
        }
    }
}
