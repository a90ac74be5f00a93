package dev.kes.localstack;

import java.nio.file.Path;

/**
 * The local stack's command line.
 *
 * @param demoAccounts accounts the demo workload imports a backdated year for; 0 = no demo
 * @param kafkaOnly    only the broker, no services: es-admin's offline commands need the services stopped
 */
public record LocalStackOptions(Path dataDir, int kafkaPort, int commandPort, int queryPort, int demoAccounts,
                                boolean kafkaOnly) {
    public static final int DEFAULT_DEMO_ACCOUNTS = 300;
    public static final String USAGE = """
            usage: java -jar local-stack/target/local-stack.jar [options]
              --data-dir DIR        where the broker and the services keep their data (default ./kes-data)
              --kafka-port N        Kafka client port of the embedded broker (default 9092; controller on N+100)
              --command-port N      command-service HTTP port (default 8080)
              --query-port N        projection-service HTTP port (default 8081)
              --demo                import a backdated year of activity for 300 accounts, print one account's
                                    monthly snapshots and balances at past instants, then keep running
              --demo-accounts N     like --demo, with N accounts
              --kafka-only          only the broker on the data dir, no services: for es-admin's offline
                                    commands (rebuild-snapshots, replay), which need the services stopped
              --help                this text""";

    /** The whole stack. */
    public LocalStackOptions(final Path dataDir, final int kafkaPort, final int commandPort, final int queryPort,
                             final int demoAccounts) {
        this(dataDir, kafkaPort, commandPort, queryPort, demoAccounts, false);
    }

    public static LocalStackOptions defaults() {
        return new LocalStackOptions(Path.of("kes-data"), 9092, 8080, 8081, 0);
    }

    /** Throws IllegalArgumentException with an empty message for --help, with the problem otherwise. */
    public static LocalStackOptions parse(final String... args) {
        LocalStackOptions o = defaults();
        boolean kafkaOnly = false;
        for (int i = 0; i < args.length; i++) {
            final String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (flag.equals("--kafka-only")) {
                kafkaOnly = true;
                continue;
            }
            if (flag.equals("--demo")) {
                o = new LocalStackOptions(o.dataDir, o.kafkaPort, o.commandPort, o.queryPort, DEFAULT_DEMO_ACCOUNTS);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            final String value = args[++i];
            o = switch (flag) {
                case "--data-dir" -> new LocalStackOptions(Path.of(value), o.kafkaPort, o.commandPort, o.queryPort,
                        o.demoAccounts);
                case "--kafka-port" -> new LocalStackOptions(o.dataDir, number(flag, value, 65535), o.commandPort,
                        o.queryPort, o.demoAccounts);
                case "--command-port" -> new LocalStackOptions(o.dataDir, o.kafkaPort, number(flag, value, 65535),
                        o.queryPort, o.demoAccounts);
                case "--query-port" -> new LocalStackOptions(o.dataDir, o.kafkaPort, o.commandPort,
                        number(flag, value, 65535), o.demoAccounts);
                case "--demo-accounts" -> new LocalStackOptions(o.dataDir, o.kafkaPort, o.commandPort, o.queryPort,
                        number(flag, value, 100_000));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }
        if (kafkaOnly && o.demoAccounts > 0) {
            throw new IllegalArgumentException("--demo needs the services: it cannot be combined with --kafka-only");
        }
        return new LocalStackOptions(o.dataDir, o.kafkaPort, o.commandPort, o.queryPort, o.demoAccounts, kafkaOnly);
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
