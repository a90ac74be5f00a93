package dev.kes.kafka.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link EmbeddedKafkaCluster} until SIGTERM/SIGINT:
 * {@code java -cp ... dev.kes.kafka.embedded.EmbeddedKafkaMain [--data-dir DIR] [--kafka-port N] [--brokers N]}.
 * Without {@code --data-dir} the data is temporary; without {@code --kafka-port} free ports are used.
 */
public final class EmbeddedKafkaMain {
    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    private EmbeddedKafkaMain() {}

    public static void main(String[] args) throws InterruptedException {
        useDefaultLogConfigIfNone();
        Logger log = LoggerFactory.getLogger(EmbeddedKafkaMain.class);
        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data-dir" -> builder.dataDir(Path.of(required(args[i], value)));
                case "--kafka-port" -> builder.kafkaPort(Integer.parseInt(required(args[i], value)));
                case "--brokers" -> builder.brokers(Integer.parseInt(required(args[i], value)));
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i] + "; usage: [--data-dir DIR] [--kafka-port N] [--brokers N]");
            }
            i++;
        }
        EmbeddedKafkaCluster cluster = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("Shutting down embedded Kafka");
                            cluster.close();
                            stopped.countDown();
                        },
                        "embedded-kafka-shutdown"));
        cluster.start();
        log.info(
                "Embedded Kafka ready: bootstrap.servers={} data-dir={}",
                cluster.bootstrapServers(),
                cluster.dataDir());
        stopped.await();
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** Without a logback config on the classpath, logback would log everything at DEBUG. */
    private static void useDefaultLogConfigIfNone() {
        ClassLoader loader = EmbeddedKafkaMain.class.getClassLoader();
        if (System.getProperty(LOGBACK_CONFIG) == null
                && loader.getResource("logback.xml") == null
                && loader.getResource("logback-test.xml") == null) {
            System.setProperty(LOGBACK_CONFIG, "dev/kes/kafka/embedded/embedded-kafka-logback.xml");
        }
    }
}
