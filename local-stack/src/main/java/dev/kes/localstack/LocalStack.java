package dev.kes.localstack;

import dev.kes.command.CommandService;
import dev.kes.command.CommandServiceConfig;
import dev.kes.kafka.embedded.EmbeddedKafkaCluster;
import dev.kes.localstack.demo.DemoWorkload;
import dev.kes.projection.ProjectionService;
import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.registry.SchemaRegistryConfig;
import dev.kes.registry.SchemaRegistryServer;
import dev.kes.service.ServiceRunner;
import dev.kes.transfer.TransferManager;
import dev.kes.transfer.TransferManagerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything on one machine: the embedded KRaft broker persisting under the data dir, the schema registry (its
 * schemas in the broker's {@code _schemas} topic), the command service, the projection service and the transfer
 * process manager (or, with {@code --kafka-only}, the broker and the registry alone). Stops cleanly on SIGTERM /
 * Ctrl-C, in reverse order of start.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /** A fixed seed: the demo imports the same history on every run, so its printed figures compare across runs. */
    private static final long DEMO_SEED = 2026;

    private final EmbeddedKafkaCluster kafka;
    /** Null with --no-registry. */
    private final SchemaRegistryServer registry;
    /** All three null with --kafka-only. */
    private final CommandService commands;

    private final ProjectionService projection;
    private final TransferManager transfers;

    private LocalStack(
            final EmbeddedKafkaCluster kafka,
            final SchemaRegistryServer registry,
            final CommandService commands,
            final ProjectionService projection,
            final TransferManager transfers) {
        this.kafka = kafka;
        this.registry = registry;
        this.commands = commands;
        this.projection = projection;
        this.transfers = transfers;
    }

    public static LocalStack start(final LocalStackOptions options) {
        final EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .dataDir(options.dataDir().resolve("kafka"))
                .kafkaPort(options.kafkaPort())
                .brokers(options.brokers())
                .build()
                .start();
        SchemaRegistryServer registry = null;
        CommandService commands = null;
        ProjectionService projection = null;
        try {
            final String bootstrap = kafka.bootstrapServers();
            if (options.registry()) {
                registry = SchemaRegistryServer.start(
                        SchemaRegistryConfig.of(bootstrap).withPort(options.registryPort()));
            }
            if (options.kafkaOnly()) {
                return new LocalStack(kafka, registry, null, null, null);
            }
            final ServiceSettings settings =
                    new ServiceSettings(options, bootstrap, registry == null ? null : registry.url());
            commands = CommandService.start(CommandServiceConfig.of(settings.commandService()));
            final Map<String, String> projectionSettings = settings.projectionService();
            // the web console at /ui/ sends its commands here
            projectionSettings.put("ui.command.url", "http://127.0.0.1:" + commands.httpPort());
            projection = ProjectionService.start(ProjectionServiceConfig.of(projectionSettings));
            final TransferManager transfers =
                    TransferManager.start(TransferManagerConfig.of(settings.transferManager()));
            return new LocalStack(kafka, registry, commands, projection, transfers);
        } catch (RuntimeException e) {
            if (projection != null) {
                projection.close();
            }
            if (commands != null) {
                commands.close();
            }
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Stops the broker (a controlled shutdown) and leaves both services running, as a broker restart on a real
     * cluster would: their clients keep retrying. Nothing is lost; see {@link #startBroker()}.
     */
    public void stopBroker() {
        kafka.stopBroker(0);
    }

    /** Starts the broker again on the same data dir and ports; the services reconnect without being told. */
    public void startBroker() {
        kafka.startBroker(0);
    }

    /** The broker itself, for tests that read its topics. */
    EmbeddedKafkaCluster kafka() {
        return kafka;
    }

    /** The schema registry's URL, {@code http://127.0.0.1:<port>}; empty with --no-registry. */
    public Optional<String> registryUrl() {
        return Optional.ofNullable(registry).map(SchemaRegistryServer::url);
    }

    /** Whether the services run: false with --kafka-only. */
    public boolean servicesRunning() {
        return commands != null;
    }

    public int commandPort() {
        requireServices();
        return commands.httpPort();
    }

    public int queryPort() {
        requireServices();
        return projection.httpPort();
    }

    /** The projection's web console. */
    public String consoleUrl() {
        return "http://127.0.0.1:" + queryPort() + "/ui/";
    }

    public int transferPort() {
        requireServices();
        return transfers.httpPort();
    }

    private void requireServices() {
        if (!servicesRunning()) {
            throw new IllegalStateException("the services are not running: the stack was started with --kafka-only");
        }
    }

    @Override
    public void close() {
        LOG.info("stopping the local stack");
        if (servicesRunning()) {
            transfers.close();
            projection.close();
            commands.close();
        }
        if (registry != null) {
            registry.close();
        }
        kafka.close();
    }

    private static String registryLine(final LocalStack stack) {
        return stack.registryUrl()
                .map(url -> url + "   (Confluent REST API, Avro; schemas in topic _schemas)")
                .orElse("off (--no-registry): the services write Avro single-object encoding");
    }

    private static void runDemo(final LocalStack stack, final int accounts) throws InterruptedException {
        final DemoWorkload demo = new DemoWorkload(stack.commandPort(), stack.queryPort(), System.out);
        final long started = System.nanoTime();
        try {
            final DemoWorkload.Imported imported = demo.importHistory(accounts, DEMO_SEED);
            System.out.printf(
                    "demo: imported %d commands for %d accounts in %d ms%n",
                    imported.commands(), accounts, (System.nanoTime() - started) / 1_000_000);
            demo.show("demo-0000", imported.positions().get("demo-0000"));
        } catch (IOException | RuntimeException e) {
            LOG.error("the demo workload failed: {}", e.getMessage());
        }
    }

    public static void main(final String[] args) throws InterruptedException {
        final LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            final PrintStream out = e.getMessage().isEmpty() ? System.out : System.err;
            if (!e.getMessage().isEmpty()) {
                out.println(e.getMessage());
            }
            out.println(LocalStackOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        final List<String> inUse = PortsInUse.of(options);
        if (!inUse.isEmpty()) {
            System.err.println("local-stack: cannot start: in use on 127.0.0.1: " + String.join(", ", inUse)
                    + ". Is another local stack running? Stop it, or choose other ports with the options named.");
            System.exit(1);
            return;
        }
        final long started = System.nanoTime();
        final LocalStack stack;
        try {
            stack = start(options);
        } catch (RuntimeException e) {
            LOG.debug("the local stack did not start", e);
            System.err.println("local-stack: cannot start: " + ServiceRunner.oneLine(e));
            System.exit(1);
            return;
        }
        if (!stack.servicesRunning()) {
            System.out.printf(
                    """
                    kes local stack started in %d ms, Kafka only (data in %s)
                      Kafka bootstrap    %s
                      schema registry    %s
                    The services are not running: es-admin's offline commands (rebuild-snapshots, replay) can run
                    against this data now (with --schema-registry-url, the registry above, when it runs).
                    Ctrl-C stops it; start it without --kafka-only for the services.
                    """,
                    (System.nanoTime() - started) / 1_000_000,
                    options.dataDir().toAbsolutePath(),
                    stack.bootstrapServers(),
                    registryLine(stack));
            ServiceRunner.closeOnShutdown(stack);
            return;
        }
        System.out.printf(
                """
                kes local stack started in %d ms (data in %s)
                  Kafka bootstrap    %s
                  schema registry    %s
                  command-service    http://127.0.0.1:%d   (POST /accounts ...; /health/ready)
                  projection-service http://127.0.0.1:%d   (GET /accounts/{id}; /health/ready)
                  transfer-manager   http://127.0.0.1:%d   (credits and refunds transfers; /health/ready)
                  web console        %s
                Ctrl-C stops it; every event is kept under the data dir.
                """,
                (System.nanoTime() - started) / 1_000_000,
                options.dataDir().toAbsolutePath(),
                stack.bootstrapServers(),
                registryLine(stack),
                stack.commandPort(),
                stack.queryPort(),
                stack.transferPort(),
                stack.consoleUrl());
        if (options.demoAccounts() > 0) {
            runDemo(stack, options.demoAccounts());
        }
        ServiceRunner.closeOnShutdown(stack);
    }
}
