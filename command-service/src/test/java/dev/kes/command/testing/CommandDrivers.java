package dev.kes.command.testing;

import dev.kes.command.CommandServiceConfig;
import dev.kes.command.topology.CommandStreamsConfig;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** The command topology on a TopologyTestDriver, as the service configures its Streams, and its raw topics. */
public final class CommandDrivers {
    private CommandDrivers() {}

    /** With the service's Streams properties and a fresh state directory of its own. */
    public static TopologyTestDriver start(
            final Topology topology, final CommandServiceConfig config, final Instant wallClock) {
        final Properties props = CommandStreamsConfig.properties(config);
        props.put("state.dir", System.getProperty("java.io.tmpdir") + "/kes-ttd-" + System.nanoTime());
        return new TopologyTestDriver(topology, props, wallClock);
    }

    public static TestInputTopic<String, byte[]> input(final TopologyTestDriver driver, final String topic) {
        return driver.createInputTopic(
                topic, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    }

    public static TestOutputTopic<String, byte[]> output(final TopologyTestDriver driver, final String topic) {
        return driver.createOutputTopic(
                topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }
}
