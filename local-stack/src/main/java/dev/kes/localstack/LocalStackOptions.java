package dev.kes.localstack;

import java.nio.file.Path;

/**
 * The local stack's command line.
 *
 * @param transferPort the transfer process manager's HTTP port (health and metrics); 0 = any free port
 * @param registryPort the schema registry's HTTP port; 0 = any free port
 * @param demoAccounts accounts the demo workload imports a backdated year for; 0 = no demo
 * @param kafkaOnly    only the broker (and the registry), no services: es-admin's offline commands need the
 *                     services stopped, and the registry to read registry-framed events
 * @param registry     whether the schema registry runs; without it the services write single-object encoding
 * @param brokers      nodes of the embedded KRaft cluster; from 3 on the services' topics get replication factor 3
 *                     and {@code min.insync.replicas} 2 (their defaults on a cluster of that size), as in production
 */
public record LocalStackOptions(
        Path dataDir,
        int kafkaPort,
        int commandPort,
        int queryPort,
        int transferPort,
        int registryPort,
        int demoAccounts,
        boolean kafkaOnly,
        boolean registry,
        int brokers) {
    public static final int DEFAULT_DEMO_ACCOUNTS = 300;
    public static final int DEFAULT_REGISTRY_PORT = 8085;
    /** Nodes the local stack may run: a quorum of three, or at most one more pair for trying failures. */
    public static final int MAX_BROKERS = 5;

    public static final String USAGE = """
            usage: java -jar local-stack/target/local-stack.jar [options]
              --data-dir DIR        where the broker and the services keep their data (default ./kes-data)
              --kafka-port N        Kafka client port of the embedded broker (default 9092; controller on N+100)
              --brokers N           nodes of the embedded KRaft cluster, 1 to 5 (default 1); node i listens on
                                    the Kafka port + i; with 3 or more, topics get replication factor 3 and
                                    min.insync.replicas 2, as on a production cluster
              --command-port N      command-service HTTP port (default 8080)
              --query-port N        projection-service HTTP port (default 8081)
              --transfer-port N     transfer-manager HTTP port, health and metrics (default 8082)
              --registry-port N     schema registry HTTP port (default 8085; 0 = any free port)
              --no-registry         no schema registry: the services write Avro single-object encoding
              --demo                import a backdated year of activity for 300 accounts, print one account's
                                    monthly snapshots and balances at past instants, then keep running
              --demo-accounts N     like --demo, with N accounts
              --kafka-only          only the broker (and the schema registry, unless --no-registry) on the data
                                    dir, no services: for es-admin's offline commands (rebuild-snapshots, replay),
                                    which need the services stopped
              --help                this text""";

    /** The whole stack, its transfer manager and schema registry on any free port. */
    public LocalStackOptions(
            final Path dataDir,
            final int kafkaPort,
            final int commandPort,
            final int queryPort,
            final int demoAccounts) {
        this(dataDir, kafkaPort, commandPort, queryPort, 0, 0, demoAccounts, false, true, 1);
    }

    public static LocalStackOptions defaults() {
        return new LocalStackOptions(
                Path.of("kes-data"), 9092, 8080, 8081, 8082, DEFAULT_REGISTRY_PORT, 0, false, true, 1);
    }

    /** Throws IllegalArgumentException with an empty message for --help, with the problem otherwise. */
    public static LocalStackOptions parse(final String... args) {
        final LocalStackOptions d = defaults();
        Path dataDir = d.dataDir;
        int kafkaPort = d.kafkaPort;
        int commandPort = d.commandPort;
        int queryPort = d.queryPort;
        int transferPort = d.transferPort;
        int registryPort = d.registryPort;
        int demoAccounts = d.demoAccounts;
        boolean kafkaOnly = false;
        boolean registry = true;
        int brokers = d.brokers;
        for (int i = 0; i < args.length; i++) {
            final String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> throw new IllegalArgumentException("");
                case "--kafka-only" -> kafkaOnly = true;
                case "--no-registry" -> registry = false;
                case "--demo" -> demoAccounts = DEFAULT_DEMO_ACCOUNTS;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(flag + " needs a value");
                    }
                    final String value = args[++i];
                    switch (flag) {
                        case "--data-dir" -> dataDir = Path.of(value);
                        case "--kafka-port" -> kafkaPort = number(flag, value, 65535);
                        case "--command-port" -> commandPort = number(flag, value, 65535);
                        case "--query-port" -> queryPort = number(flag, value, 65535);
                        case "--transfer-port" -> transferPort = number(flag, value, 65535);
                        case "--registry-port" -> registryPort = number(flag, value, 65535);
                        case "--demo-accounts" -> demoAccounts = number(flag, value, 100_000);
                        case "--brokers" -> brokers = brokers(value);
                        default -> throw new IllegalArgumentException("unknown option " + flag);
                    }
                }
            }
        }
        if (kafkaOnly && demoAccounts > 0) {
            throw new IllegalArgumentException("--demo needs the services: it cannot be combined with --kafka-only");
        }
        return new LocalStackOptions(
                dataDir,
                kafkaPort,
                commandPort,
                queryPort,
                transferPort,
                registryPort,
                demoAccounts,
                kafkaOnly,
                registry,
                brokers);
    }

    private static int brokers(final String value) {
        final int brokers = number("--brokers", value, MAX_BROKERS);
        if (brokers < 1) {
            throw new IllegalArgumentException(
                    "--brokers must be a number from 1 to " + MAX_BROKERS + ", got '" + value + "'");
        }
        return brokers;
    }

    private static int number(final String flag, final String value, final int max) {
        try {
            final int number = Integer.parseInt(value);
            if (number < 0 || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number from 0 to " + max + ", got '" + value + "'");
        }
    }
}
