package dev.kes.localstack;

import java.nio.file.Path;

/** The local stack's command line: {@code [--data-dir DIR] [--kafka-port N] [--command-port N] [--query-port N]}. */
public record LocalStackOptions(Path dataDir, int kafkaPort, int commandPort, int queryPort) {
    public static final String USAGE = """
            usage: java -jar local-stack/target/local-stack.jar [options]
              --data-dir DIR      where the broker and the services keep their data (default ./kes-data)
              --kafka-port N      Kafka client port of the embedded broker (default 9092; controller on N+100)
              --command-port N    command-service HTTP port (default 8080)
              --query-port N      projection-service HTTP port (default 8081)
              --help              this text""";

    public static LocalStackOptions defaults() {
        return new LocalStackOptions(Path.of("kes-data"), 9092, 8080, 8081);
    }

    public static LocalStackOptions parse(final String... args) {
        LocalStackOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            final String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            final String value = args[++i];
            options = switch (flag) {
                case "--data-dir" -> new LocalStackOptions(Path.of(value), options.kafkaPort, options.commandPort,
                        options.queryPort);
                case "--kafka-port" -> new LocalStackOptions(options.dataDir, port(flag, value), options.commandPort,
                        options.queryPort);
                case "--command-port" -> new LocalStackOptions(options.dataDir, options.kafkaPort, port(flag, value),
                        options.queryPort);
                case "--query-port" -> new LocalStackOptions(options.dataDir, options.kafkaPort, options.commandPort,
                        port(flag, value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }
        return options;
    }

    private static int port(final String flag, final String value) {
        try {
            final int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a port number, got '" + value + "'");
        }
    }
}
