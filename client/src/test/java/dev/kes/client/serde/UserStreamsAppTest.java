package dev.kes.client.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.common.Metadata;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.event.MoneyDeposited;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.OldWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/**
 * A Kafka Streams app that someone outside kes writes with kes-client's serdes: it reads the events topic as the
 * services write it (old versions upcast) and writes commands the command service reads. Kafka Streams is only a test
 * dependency of the client; the app brings its own.
 */
class UserStreamsAppTest {
    private static final String EVENTS = "account-events";
    private static final String COMMANDS = "account-commands";
    private static final String DEPOSITS = "deposits-by-account";
    private static final Instant AT = Instant.parse("2026-02-01T09:00:00Z");

    /** The user's topology: a welcome bonus command for each account opened, and each deposit's amount. */
    private static Topology welcomeBonus(final Consumed<String, SpecificRecord> consumed) {
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<String, SpecificRecord> events = builder.stream(EVENTS, consumed);
        events.filter((account, event) -> event instanceof AccountOpened)
                .mapValues((account, event) -> (SpecificRecord) DepositMoney.newBuilder()
                        .setCommandId("welcome-" + account)
                        .setAccountId(account)
                        .setExpectedVersion(null)
                        .setOccurredAt(null)
                        .setMetadata(Metadata.newBuilder().build())
                        .setAmount(new BigDecimal("5.00"))
                        .setDescription("welcome bonus")
                        .build())
                .to(COMMANDS, Produced.with(Serdes.String(), new CommandSerde()));
        events.filter((account, event) -> event instanceof MoneyDeposited)
                .mapValues(
                        event -> ((MoneyDeposited) event).getDescription() + " " + ((MoneyDeposited) event).getAmount())
                .to(DEPOSITS, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    @Test
    void aUsersTopologyReadsEventsAndWritesCommandsWithTheSerdes() throws IOException {
        assertTheAppWorks(welcomeBonus(Consumed.with(Serdes.String(), new EventSerde())), new Properties());
    }

    @Test
    void theEventSerdeWorksAsTheDefaultValueSerdeByClassName() throws IOException {
        final Properties config = new Properties();
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, EventSerde.class.getName());

        assertTheAppWorks(welcomeBonus(Consumed.with(null, null)), config);
    }

    private static void assertTheAppWorks(final Topology topology, final Properties config) throws IOException {
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "user-app");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config)) {
            // the bytes exactly as the command service appends them
            final TestInputTopic<String, byte[]> events =
                    driver.createInputTopic(EVENTS, new StringSerializer(), new ByteArraySerializer());
            final TestOutputTopic<String, byte[]> commands =
                    driver.createOutputTopic(COMMANDS, new StringDeserializer(), new ByteArrayDeserializer());
            final TestOutputTopic<String, String> deposits =
                    driver.createOutputTopic(DEPOSITS, new StringDeserializer(), new StringDeserializer());

            events.pipeInput("acc-1", AvroCodec.shipped().encode(opened("acc-1")));
            events.pipeInput("acc-1", AvroCodec.shipped().encode(deposited("acc-1", "salary")));
            // an old writer's deposit (MoneyDeposited v1) of the same account: read upcast, its description trimmed
            events.pipeInput("acc-1", OldWriter.v1Deposit("acc-1", 2, "  rent  "));

            final KeyValue<String, byte[]> command = commands.readKeyValue();
            assertThat(command.key).isEqualTo("acc-1");
            assertThat(AvroCodec.shipped().decode(command.value, DepositMoney.class))
                    .satisfies(c -> {
                        assertThat(c.getCommandId()).isEqualTo("welcome-acc-1");
                        assertThat(c.getAmount()).isEqualByComparingTo("5.00");
                    });
            assertThat(commands.isEmpty()).isTrue();
            assertThat(deposits.readKeyValuesToList())
                    .containsExactly(KeyValue.pair("acc-1", "salary 1.00"), KeyValue.pair("acc-1", "rent 12.34"));
        }
    }

    private static AccountOpened opened(final String account) {
        return AccountOpened.newBuilder()
                .setEventId(account + "-1")
                .setAccountId(account)
                .setVersion(1L)
                .setOccurredAt(AT)
                .setMetadata(Metadata.newBuilder().build())
                .setHolder("Ada")
                .setInitialDeposit(new BigDecimal("0.00"))
                .build();
    }

    private static MoneyDeposited deposited(final String account, final String description) {
        return MoneyDeposited.newBuilder()
                .setEventId(account + "-2")
                .setAccountId(account)
                .setVersion(2L)
                .setOccurredAt(AT)
                .setMetadata(Metadata.newBuilder().build())
                .setAmount(new BigDecimal("1.00"))
                .setDescription(description)
                .setBalanceAfter(new BigDecimal("1.00"))
                .build();
    }
}
