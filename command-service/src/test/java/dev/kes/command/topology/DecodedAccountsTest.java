package dev.kes.command.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.command.CommandMetrics;
import dev.kes.command.CommandServiceConfig;
import dev.kes.command.testing.CommandDrivers;
import dev.kes.command.testing.Placement;
import dev.kes.domain.Account;
import dev.kes.domain.AccountStatus;
import dev.kes.schemas.command.DepositMoney;
import dev.kes.schemas.result.CommandResult;
import dev.kes.schemas.result.Outcome;
import dev.kes.schemas.serde.AvroCodec;
import dev.kes.schemas.serde.AvroSerdes;
import dev.kes.schemas.state.AccountSnapshot;
import dev.kes.service.kafka.CaughtUpCommits;
import dev.kes.service.mapping.SnapshotMapping;
import dev.kes.service.tracing.Tracing;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command processor's decoded accounts: decoded once and then served as objects between commands, never other
 * than what the account-state store holds, and forgotten whenever Kafka Streams re-initialises the processor, as it
 * does when it revives a task whose transaction was aborted (its stores rolled back to the last commit).
 */
class DecodedAccountsTest {
    private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");
    private final AvroCodec codec = AvroCodec.shipped();
    private final AtomicInteger decodes = new AtomicInteger();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> results;

    private void start(final int decodedAccounts) {
        final CommandServiceConfig config = CommandServiceConfig.of(Map.of(
                        "application.id",
                        "decoded-accounts-test",
                        "account.cache.entries",
                        String.valueOf(decodedAccounts)))
                .withCommandPartitions(1);
        driver = CommandDrivers.start(
                CommandTopology.build(config, CommandMetrics.unexposed(), codec, CaughtUpCommits.off(), snapshot -> {
                    decodes.incrementAndGet();
                    return SnapshotMapping.toDomain(snapshot);
                }),
                config,
                START);
        commands = CommandDrivers.input(driver, config.topics().commands());
        results = CommandDrivers.output(driver, config.topics().results());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aStoredAccountIsDecodedOnceAndServedDecodedToTheCommandsAfter() {
        start(10);
        final KeyValueStore<String, AccountSnapshot> store = driver.getKeyValueStore(StoreNames.ACCOUNT_STATE);
        store.put(
                "acc-9",
                SnapshotMapping.toAvro(
                        new Account("acc-9", "Ada", new BigDecimal("7.00"), 3, AccountStatus.OPEN, START, START)));

        send("acc-9", expecting(99L, Placement.deposit("conflict-1", "acc-9", "1.00"))); // read, not written
        send("acc-9", expecting(99L, Placement.deposit("conflict-2", "acc-9", "1.00")));
        for (int i = 1; i <= 5; i++) {
            send("acc-9", Placement.deposit("d" + i, "acc-9", "1.00"));
        }

        assertThat(results()).extracting(CommandResult::getVersion).containsExactly(3L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(decodes).as("decoded for the first command only").hasValue(1);
    }

    @Test
    void beyondItsSizeTheLeastRecentlyUsedAccountIsDecodedAgainFromTheStore() {
        start(2);
        for (final String id : List.of("acc-1", "acc-2", "acc-3")) {
            send(id, Placement.open("open-" + id, id));
        }
        assertThat(decodes).as("opened here, never read back").hasValue(0);

        send("acc-3", Placement.deposit("d3", "acc-3", "1.00"));
        send("acc-2", Placement.deposit("d2", "acc-2", "1.00"));
        assertThat(decodes).as("the two most recent are held").hasValue(0);
        send("acc-1", Placement.deposit("d1", "acc-1", "1.00"));
        assertThat(decodes).as("the eldest was forgotten").hasValue(1);
        assertThat(results()).extracting(CommandResult::getVersion).containsExactly(1L, 1L, 1L, 2L, 2L, 2L);
    }

    @Test
    void theStoreHoldsEveryAccountAsTheProcessorLastAnsweredForIt() {
        start(1); // one held: the accounts below keep leaving and coming back from the store
        for (final String id : List.of("acc-1", "acc-2")) {
            send(id, Placement.open("open-" + id, id));
        }
        for (int i = 0; i < 6; i++) {
            final String id = i % 2 == 0 ? "acc-1" : "acc-2";
            send(id, Placement.deposit("d" + i, id, i % 3 == 0 ? "5.00" : "1.00"));
        }
        send("acc-1", expecting(1L, Placement.deposit("stale", "acc-1", "1.00"))); // a conflict: changes nothing

        final KeyValueStore<String, AccountSnapshot> store = driver.getKeyValueStore(StoreNames.ACCOUNT_STATE);
        for (final CommandResult last : lastAcceptedPerAccount(results())) {
            final AccountSnapshot stored = store.get(last.getAccountId());
            assertThat(stored).as(last.getAccountId()).isNotNull();
            assertThat(stored.getVersion()).as(last.getAccountId()).isEqualTo(last.getVersion());
            assertThat(stored.getBalance()).as(last.getAccountId()).isEqualByComparingTo(last.getBalance());
        }
    }

    @Test
    void aProcessorRevivedAfterAnAbortedTransactionDecidesOnTheCommittedSnapshot() {
        final DecodedAccounts accounts = new DecodedAccounts(10, SnapshotMapping::toDomain);
        final CommandProcessor processor = processor(accounts);
        final MockProcessorContext<String, byte[]> before = context(null);
        processor.init(before);
        process(processor, before, Placement.open("open-1", "acc-1"));
        final AccountSnapshot committed = before.<KeyValueStore<String, AccountSnapshot>>getStateStore(
                        StoreNames.ACCOUNT_STATE)
                .get("acc-1");
        final DepositMoney deposit = expecting(1L, Placement.deposit("d1", "acc-1", "1.00"));
        process(processor, before, deposit);
        assertThat(lastResult(before).getVersion()).isEqualTo(2L);

        // the transaction aborts: the task closes dirty, its stores come back as of the commit, the processor is
        // initialised again and the deposit, never committed, is consumed again
        processor.close();
        final MockProcessorContext<String, byte[]> revived = context(committed);
        processor.init(revived);
        process(processor, revived, deposit);

        assertThat(lastResult(revived).getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(lastResult(revived).getVersion()).isEqualTo(2L);
        assertThat(lastResult(revived).getBalance()).isEqualByComparingTo("101.00");
    }

    @Test
    void aProcessorInitialisedAgainWithoutAClosePreviouslyForgetsWhatItDecoded() {
        final DecodedAccounts accounts = new DecodedAccounts(10, SnapshotMapping::toDomain);
        final CommandProcessor processor = processor(accounts);
        final MockProcessorContext<String, byte[]> before = context(null);
        processor.init(before);
        process(processor, before, Placement.open("open-1", "acc-1"));
        final AccountSnapshot committed = before.<KeyValueStore<String, AccountSnapshot>>getStateStore(
                        StoreNames.ACCOUNT_STATE)
                .get("acc-1");
        process(processor, before, Placement.deposit("d1", "acc-1", "1.00"));

        final MockProcessorContext<String, byte[]> revived = context(committed);
        processor.init(revived);
        process(processor, revived, Placement.deposit("d2", "acc-1", "1.00"));

        assertThat(lastResult(revived).getVersion())
                .as("on the committed version 1")
                .isEqualTo(2L);
    }

    @Test
    void aClosedProcessorHoldsNoAccounts() {
        final DecodedAccounts accounts = new DecodedAccounts(10, SnapshotMapping::toDomain);
        final CommandProcessor processor = processor(accounts);
        final MockProcessorContext<String, byte[]> context = context(null);
        processor.init(context);
        process(processor, context, Placement.open("open-1", "acc-1"));
        assertThat(accounts.held()).isEqualTo(1);

        processor.close(); // e.g. a task suspended at a rebalance, or recycled into a standby

        assertThat(accounts.held()).isZero();
    }

    private static DepositMoney expecting(final long version, final DepositMoney deposit) {
        deposit.setExpectedVersion(version);
        return deposit;
    }

    private void send(final String key, final SpecificRecord command) {
        commands.pipeInput(key, codec.encode(command));
    }

    private List<CommandResult> results() {
        return results.readValuesToList().stream()
                .map(bytes -> codec.decode(bytes, CommandResult.class))
                .toList();
    }

    private static List<CommandResult> lastAcceptedPerAccount(final List<CommandResult> all) {
        final Map<String, CommandResult> last = new LinkedHashMap<>();
        all.stream()
                .filter(result -> result.getOutcome() == Outcome.ACCEPTED)
                .forEach(result -> last.put(result.getAccountId(), result));
        assertThat(last).isNotEmpty();
        return List.copyOf(last.values());
    }

    private CommandProcessor processor(final DecodedAccounts accounts) {
        return new CommandProcessor(
                codec,
                false,
                Duration.ofDays(1),
                1,
                CommandMetrics.unexposed(),
                accounts,
                Tracing.off(),
                PersonalSealing.off());
    }

    /** A task's context whose stores hold {@code committed} (if any), as restored from the changelogs. */
    private static MockProcessorContext<String, byte[]> context(final AccountSnapshot committed) {
        final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(START.toEpochMilli());
        final KeyValueStore<String, AccountSnapshot> accountState = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.ACCOUNT_STATE),
                        Serdes.String(),
                        AvroSerdes.of(AccountSnapshot.class))
                .withLoggingDisabled()
                .build();
        final KeyValueStore<String, byte[]> dedupe = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.COMMAND_DEDUPE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        accountState.init(context.getStateStoreContext(), accountState);
        dedupe.init(context.getStateStoreContext(), dedupe);
        context.addStateStore(accountState);
        context.addStateStore(dedupe);
        if (committed != null) {
            accountState.put(committed.getAccountId(), committed);
        }
        return context;
    }

    private void process(
            final CommandProcessor processor,
            final MockProcessorContext<String, byte[]> context,
            final SpecificRecord command) {
        context.resetForwards();
        final String key = String.valueOf(
                command.get(command.getSchema().getField("accountId").pos()));
        processor.process(new Record<>(key, codec.encode(command), START.toEpochMilli()));
    }

    private CommandResult lastResult(final MockProcessorContext<String, byte[]> context) {
        final var forwarded = context.forwarded(CommandTopology.RESULTS_SINK);
        assertThat(forwarded).isNotEmpty();
        return codec.decode(forwarded.get(forwarded.size() - 1).record().value(), CommandResult.class);
    }
}
