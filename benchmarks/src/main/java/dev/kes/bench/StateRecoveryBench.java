package dev.kes.bench;

import dev.kes.command.CommandServiceConfig;
import dev.kes.command.CommandTopics;
import dev.kes.command.topology.CommandTopology;
import dev.kes.command.topology.StoreNames;
import dev.kes.domain.Account;
import dev.kes.service.kafka.TopicProvisioner;
import dev.kes.service.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Recovering the command side's state of M accounts × E events: restoring the account-state store from its
 * snapshot changelog (as written, then compacted) versus replaying account-events.
 *
 * <ol>
 *   <li>Load, untimed: the M × E events to {@code <name>.account-events} ({@link EventHistory#perAccount}), and
 *       the snapshot after each of them to {@code <name>-account-state-changelog} ({@link SnapshotTrail}), with
 *       plain producers. The changelog is created as Kafka Streams would create it (compacted, the topology's
 *       configs, as many partitions as account-commands), with Kafka's default {@code segment.bytes} of 1 GiB so
 *       that the whole load stays in the active segment, which the cleaner never compacts.</li>
 *   <li>A(a): the command topology restores the changelog as written (M × E records) on an empty state dir.</li>
 *   <li>The cleaner is made to compact the changelog ({@link ChangelogCompaction}); A(b): restore again (~M).</li>
 *   <li>B: replay every event into memory with es-admin's fold ({@link EventReplay#fold}); then rebuild's path into
 *       RocksDB: the folded accounts written to an empty changelog of a second application and restored by it.</li>
 * </ol>
 */
final class StateRecoveryBench {
    static final double AIM = 20;
    private static final int VERIFIED_ACCOUNTS = 20;
    /** Kafka's default segment.bytes (the embedded broker's 64 MiB would roll, and compact, during the load). */
    private static final String ONE_GIB = Integer.toString(1 << 30);
    /** Only process-wide and machine CPU is of interest here. */
    private static final Predicate<String> NO_THREADS = thread -> false;

    private StateRecoveryBench() {}

    static Result run(final BenchKafka kafka, final BenchOptions options) throws InterruptedException {
        final int partitions = options.partitions();
        final long commitIntervalMs = options.commitIntervals().get(0);
        final String name = kafka.uniqueName("recovery");
        final CommandServiceConfig config = ServiceConfigs.command(kafka, name, options, commitIntervalMs);
        final String events = config.topics().events();
        final String changelog = provision(kafka, config);

        final EventHistory history = EventHistory.perAccount(options.accounts(), options.eventsPerAccount());
        final int n = history.events();
        final Loader.Sent eventsSent =
                Loader.send(kafka.producerSettings(), events, n, history::key, history::value, history::timestamp);
        final SnapshotTrail trail = new SnapshotTrail(history, changelog);
        // the processor's changelog records carry the command's timestamp: the time it was sent, here the load's
        final Loader.Sent snapshotsSent =
                Loader.send(kafka.producerSettings(), changelog, n, history::key, trail::value);
        final long eventBytes = TopicSize.bytes(kafka.admin(), events);
        final long changelogBytes = TopicSize.bytes(kafka.admin(), changelog);
        final String[] sample = sample(history.accountIds());
        final long version = options.eventsPerAccount();

        final CpuTime beforeA = CpuTime.now(NO_THREADS);
        final StoreRestore.Timing asWritten = StoreRestore.run(config, sample, version);
        final CpuTime duringA = CpuTime.now(NO_THREADS).minus(beforeA);
        expect("restored records (as written)", asWritten.records(), n);

        final String[] ids = history.accountIds();
        final ChangelogCompaction.Compacted compacted = ChangelogCompaction.force(
                kafka, changelog, partitions, ids, trail::current, (long) ids.length + partitions);
        final long compactedBytes = TopicSize.bytes(kafka.admin(), changelog);
        final StoreRestore.Timing afterCompaction = StoreRestore.run(config, sample, version);
        expect("restored records (compacted)", afterCompaction.records(), compacted.records());

        final CpuTime beforeB = CpuTime.now(NO_THREADS);
        final EventReplay.Folded folded = EventReplay.fold(kafka.bootstrap(), events, n);
        final CpuTime duringB = CpuTime.now(NO_THREADS).minus(beforeB);
        verify(folded.accounts(), sample, version);
        final CommandServiceConfig rebuilt =
                ServiceConfigs.command(kafka, kafka.uniqueName("rebuilt"), options, commitIntervalMs);
        final String rebuiltChangelog = provision(kafka, rebuilt);
        final long writeNanos =
                EventReplay.writeSnapshots(kafka.bootstrap(), rebuiltChangelog, partitions, folded.accounts());
        final StoreRestore.Timing rebuiltRestore = StoreRestore.run(rebuilt, sample, version);
        expect("restored records (rebuilt)", rebuiltRestore.records(), ids.length);

        final double replaySeconds = folded.nanos() / 1e9;
        final double rebuildSeconds = replaySeconds + writeNanos / 1e9 + rebuiltRestore.toRunningSeconds();
        final long[] mix = history.mix();
        final Result result = new Result(BenchOptions.STATE_RECOVERY)
                .add("accounts", "accounts", ids.length, "")
                .add("eventsPerAccount", "events per account", options.eventsPerAccount(), "")
                .add("events", "events (= snapshots written)", n, "")
                .add(
                        "mix",
                        "opened / deposited / withdrawn / interest",
                        mix[0] + " / " + mix[1] + " / " + mix[2] + " / " + mix[3],
                        "")
                .add("partitions", "partitions", partitions, "")
                .add("meanEventBytes", "mean event value", Result.round1((double) eventsSent.valueBytes() / n), "B")
                .add(
                        "meanSnapshotBytes",
                        "mean snapshot value",
                        Result.round1((double) snapshotsSent.valueBytes() / n),
                        "B")
                .add("eventTopicMiB", "account-events on disk", mib(eventBytes), "MiB")
                .add("changelogMiB", "changelog on disk, as written", mib(changelogBytes), "MiB")
                .add("compactedMiB", "changelog on disk, compacted", mib(compactedBytes), "MiB")
                .add("compactedRecords", "changelog records, compacted", compacted.records(), "")
                .add(
                        "compactionLagSeconds",
                        "segment roll to compacted (count resolution " + Result.round1(compacted.countedInNanos() / 1e9)
                                + " s)",
                        Result.round1(compacted.lagNanos() / 1e9),
                        "s");
        restoreRows(result, "restoreAsWritten", "A(a) restore, changelog as written", asWritten);
        restoreRows(result, "restoreCompacted", "A(b) restore, changelog compacted", afterCompaction);
        result.add(
                        "replaySeconds",
                        "B replay into memory (read, decode, upcast, evolve)",
                        Result.round1(replaySeconds),
                        "s")
                .add("replayPerSec", "B replay rate", Math.round(folded.eventsPerSecond()) * 1.0, "events/s")
                .add("rebuildWriteSeconds", "B' rebuild: write the snapshots", Result.round1(writeNanos / 1e9), "s")
                .add(
                        "rebuildRestoreSeconds",
                        "B' rebuild: restore them, start() to RUNNING",
                        Result.round1(rebuiltRestore.toRunningSeconds()),
                        "s")
                .add("rebuildSeconds", "B' replay + write + restore (into RocksDB)", Result.round1(rebuildSeconds), "s")
                .add("replayToRestoreAsWritten", "B / A(a)", ratio(replaySeconds, asWritten), "x")
                .add("replayToRestoreCompacted", "B / A(b)", ratio(replaySeconds, afterCompaction), "x")
                .add("rebuildToRestoreAsWritten", "B' / A(a)", ratio(rebuildSeconds, asWritten), "x")
                .add("rebuildToRestoreCompacted", "B' / A(b)", ratio(rebuildSeconds, afterCompaction), "x")
                .add(
                        "otherCoresRestore",
                        "CPU of other processes during A(a)",
                        Result.round1(duringA.otherCores()),
                        "cores")
                .add(
                        "otherCoresReplay",
                        "CPU of other processes during B",
                        Result.round1(duringB.otherCores()),
                        "cores")
                .add(
                        "jvmCoresReplay",
                        "this JVM's CPU during B (broker included)",
                        Result.round1(duringB.processCores()),
                        "cores")
                .add("meetsAimAsWritten", "B / A(a) >= 20", ratio(replaySeconds, asWritten) >= AIM, "")
                .add("meetsAimCompacted", "B / A(b) >= 20", ratio(replaySeconds, afterCompaction) >= AIM, "");
        return result;
    }

    /** The service's topics, and the snapshot changelog as Kafka Streams would create it; returns its name. */
    private static String provision(final BenchKafka kafka, final CommandServiceConfig config)
            throws InterruptedException {
        final String changelog = StoreNames.changelog(config.applicationId(), StoreNames.ACCOUNT_STATE);
        final Map<String, String> configs = new HashMap<>(CommandTopology.ACCOUNT_STATE_CHANGELOG_CONFIGS);
        configs.put("segment.bytes", ONE_GIB);
        final List<TopicSpec> specs = new ArrayList<>(CommandTopics.specs(config));
        specs.add(TopicSpec.compacted(changelog, config.partitions(), config.replicationFactor(), configs));
        TopicProvisioner.ensure(kafka.admin(), specs);
        kafka.awaitServed(specs.stream().map(TopicSpec::name).toList());
        return changelog;
    }

    private static void restoreRows(
            final Result result, final String key, final String label, final StoreRestore.Timing timing) {
        result.add(key + "Records", label + ": records", timing.records(), "")
                .add(key + "Seconds", label + ": start() to RUNNING", Result.round1(timing.toRunningSeconds()), "s")
                .add(key + "Ms", label + ": start() to RUNNING", Math.round(timing.toRunningSeconds() * 1000), "ms")
                .add(
                        key + "RestoreSeconds",
                        label + ": first restore start to last end",
                        Result.round1(timing.restoreSeconds()),
                        "s")
                .add(
                        key + "RestoreMs",
                        label + ": first restore start to last end",
                        Math.round(timing.restoreSeconds() * 1000),
                        "ms")
                .add(
                        key + "PerSec",
                        label + ": records/s while restoring",
                        Math.round(timing.recordsPerSecond()) * 1.0,
                        "records/s");
    }

    private static double ratio(final double replaySeconds, final StoreRestore.Timing restore) {
        return Result.round1(replaySeconds / restore.toRunningSeconds());
    }

    private static double mib(final long bytes) {
        return Result.round1(bytes / (1024.0 * 1024.0));
    }

    private static String[] sample(final String[] ids) {
        final SplittableRandom random = new SplittableRandom(7);
        final String[] sample = new String[Math.min(VERIFIED_ACCOUNTS, ids.length)];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = ids[random.nextInt(ids.length)];
        }
        return sample;
    }

    private static void verify(final Map<String, Account> accounts, final String[] sample, final long version) {
        for (final String id : sample) {
            final Account account = accounts.get(id);
            if (account == null || account.version() != version) {
                throw new IllegalStateException("replayed " + id + ": expected version " + version + ", got "
                        + (account == null ? "nothing" : account.version()));
            }
        }
    }

    private static void expect(final String what, final long actual, final long expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
        }
    }
}
