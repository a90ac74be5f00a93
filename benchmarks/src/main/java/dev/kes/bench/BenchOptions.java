package dev.kes.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line: {@code <benchmark> [--option value]...}. Parsing fails with an {@link IllegalArgumentException}
 * whose message is meant for the user (empty for {@code --help}).
 *
 * @param benchmark        raw-producer, bare-processor, command-ingestion, http-latency, all, projection-catchup,
 *                         bare-projection, query-load, state-recovery, soak, sse-fanout, sql-catchup,
 *                         registry-cost or transfers
 * @param records          records (commands) per Streams benchmark; the events of the projection benchmarks and of
 *                         state-recovery (there: accounts × eventsPerAccount, not an option)
 * @param rawRecords       records of the raw-producer benchmark (it is much faster: more records, a longer run)
 * @param accounts         accounts the records are spread over (opened before the command benchmarks)
 * @param rate             offered HTTP requests per second
 * @param durationSeconds  measured HTTP load
 * @param warmupSeconds    HTTP load before the measurement, at the same rate, not recorded
 * @param commitIntervals  commit.interval.ms values; more than one runs the Streams benchmarks once per value
 * @param bootstrap        an external cluster, or null for an embedded broker
 * @param partitions       partitions of every topic the benchmarks create
 * @param connections      query-load: wrk's open connections; http-capacity: most requests on the wire at once
 * @param threads          query-load: wrk's threads
 * @param eventsPerAccount state-recovery: events of each account (records = accounts × eventsPerAccount)
 * @param streamThreads    Kafka Streams threads of every service instance the benchmarks start
 * @param rounds           all: how many times raw, bare, command and HTTP run per commit interval, one after the
 *                         other, so that the ratios are taken over several windows of a machine whose speed drifts
 * @param brokers          nodes of the embedded cluster (topics get replication factor min(3, N), and
 *                         min.insync.replicas 2 from 3 nodes on)
 * @param rates            http-capacity: the offered rates of the sweep's steps, increasing
 */
public record BenchOptions(
        String benchmark,
        int records,
        int rawRecords,
        int accounts,
        int rate,
        int durationSeconds,
        int warmupSeconds,
        List<Long> commitIntervals,
        String bootstrap,
        int partitions,
        int connections,
        int threads,
        int eventsPerAccount,
        int streamThreads,
        int rounds,
        int brokers,
        List<Integer> rates) {

    public static final Set<String> BENCHMARKS = Set.of(
            "raw-producer",
            "bare-processor",
            "command-ingestion",
            "http-latency",
            "http-capacity",
            "write-to-read",
            "all",
            "projection-catchup",
            "bare-projection",
            "query-load",
            "state-recovery",
            "soak",
            "sse-fanout",
            "sql-catchup",
            "registry-cost",
            "transfers",
            "commit-split",
            "personal-data-cost");
    public static final String HTTP_CAPACITY = "http-capacity";
    public static final String WRITE_TO_READ = "write-to-read";
    /** http-capacity's default steps: past the aim of 5 000 commands/s, so the sweep finds where it stops. */
    static final List<Integer> CAPACITY_RATES = List.of(500, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 8_000);

    static final int CAPACITY_WARMUP_SECONDS = 3;
    static final int CAPACITY_SECONDS = 10;
    /** http-capacity: enough for 8 000/s at 100 ms each, and a bound on what a falling-behind server is sent. */
    static final int CAPACITY_CONNECTIONS = 1_000;
    /** The benchmarks of the projection service, which read account events rather than commands. */
    public static final Set<String> PROJECTION_BENCHMARKS =
            Set.of("projection-catchup", "bare-projection", "query-load", "sql-catchup");
    /** Restoring the command side from its snapshot changelog versus replaying its events. */
    public static final String STATE_RECOVERY = "state-recovery";

    /** The soak's default deposit rate: about 70 % of what http-latency sustained here (see benchmarks/README.md). */
    static final int SOAK_RATE = 350;

    static final int SOAK_SECONDS = 300;
    /** transfers: each is two commands and a process manager's step; the latency aim is at 200/s. */
    static final int TRANSFER_RECORDS = 200_000;

    static final int TRANSFER_RATE = 200;

    public static final String USAGE = """
            usage: java -Xmx2g -jar benchmarks.jar <benchmark> [options]
              command service:    raw-producer | bare-processor | command-ingestion | http-latency | all
                                  | http-capacity (open-loop steps of --rates until p99 > 100 ms
                                  or errors, beside the same steps on GET /health/live)
                                  | commit-split (where a command's time goes: CommandClient at --rate,
                                  broker request metrics, producer transaction times; the variants of
                                  -Dbench.variants='a;b:key=value,...' in turn, --rounds times)
              both services:      write-to-read (deposits at --rate; each 2xx until GET /accounts/{id}
                                  ?position= shows it)
              projection service: projection-catchup | bare-projection | query-load
                                  | sse-fanout (50 SSE subscribers, events committed at --rate)
              SQL read model:     sql-catchup (sql-projection into PostgreSQL beside a raw consumer)
              recovery:           state-recovery (snapshot restore vs event replay)
              wire format:        registry-cost (command-ingestion and projection catch-up, registry
                                  framing vs single-object, alternating --rounds times)
              personal data:      personal-data-cost (OpenAccount ingestion sealing the holder vs not,
                                  alternating --rounds times; HTTP opens and revealing reads beside
                                  deposits and clear reads)
              transfers:          transfers (transfer-ingestion beside command-ingestion, HTTP
                                  transfers to COMPLETED beside http-latency, --rounds times;
                                  defaults --records 200000 --rate 200)
              both, for minutes:  soak
              --records N               records / commands per Streams benchmark (default 1000000);
                                        account events of projection-catchup and bare-projection (1000000)
                                        and query-load (100000)
              --raw-records N           records of the raw-producer benchmark (default 5 x --records)
              --accounts M              accounts the commands / events go to (default 1000; 10000 for the
                                        projection benchmarks, 100000 for state-recovery)
              --events-per-account E    state-recovery: events of each account (default 50)
              --rate R                  offered HTTP requests per second (default 500; soak: 350 deposits/s,
                                        and a quarter of that in queries)
              --duration S              measured HTTP load in seconds (default 30; soak 300; http-capacity:
                                        10 per step), also of each wrk run
              --warmup S                unrecorded HTTP load before it (default 5; http-capacity: 3 per
                                        step), also before each wrk run
              --rates R1,R2,...         http-capacity: offered rates of the steps, increasing
                                        (default 500,1000,2000,3000,4000,5000,6000,8000)
              --brokers N               nodes of the embedded cluster (default 1); topics get replication
                                        factor min(3, N) and, from 3 nodes on, min.insync.replicas 2
              --commit-interval-ms L    Kafka Streams commit.interval.ms, or a list: 20,100,500 (default 100)
              --bootstrap HOST:PORT     an external Kafka cluster (default: an embedded KRaft broker, temp dir)
              --partitions P            partitions of the topics created (default 6)
              --connections C           query-load: wrk connections (default 32); http-capacity: most
                                        requests on the wire at once (default 1000)
              --threads T               query-load: wrk threads (default 2)
              --stream-threads N        Kafka Streams threads of each service instance and bare app
                                        (default 1)
              --rounds K                all: run raw, bare, command and HTTP K times in turn per commit
                                        interval; the summary adds medians (default 1); transfers: the
                                        same for its four runs; http-latency, write-to-read: K runs
                                        in one JVM, a fresh service each (the later ones warmed);
                                        registry-cost: rounds of both framings (default 3);
                                        personal-data-cost: rounds of both variants (default 3);
                                        projection-catchup: bulk rebuilds after the replay""";

    public BenchOptions {
        commitIntervals = List.copyOf(commitIntervals);
        rates = List.copyOf(rates);
    }

    /** The same run at a tenth of the records (at least 10 000): the untimed JIT warm-up pass. */
    public BenchOptions forJitWarmUp() {
        final int small = Math.max(10_000, records / 10);
        return resized(small, small * 5, accounts);
    }

    /** The same run over another number of accounts (state-recovery: as many events each, so records follow). */
    public BenchOptions withAccounts(final int otherAccounts) {
        final int otherRecords = benchmark.equals(STATE_RECOVERY) ? otherAccounts * eventsPerAccount : records;
        return resized(otherRecords, rawRecords, otherAccounts);
    }

    private BenchOptions resized(final int newRecords, final int newRawRecords, final int newAccounts) {
        return new BenchOptions(
                benchmark,
                newRecords,
                newRawRecords,
                newAccounts,
                rate,
                durationSeconds,
                warmupSeconds,
                commitIntervals,
                bootstrap,
                partitions,
                connections,
                threads,
                eventsPerAccount,
                streamThreads,
                rounds,
                brokers,
                rates);
    }

    public static BenchOptions parse(final String... args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            throw new IllegalArgumentException(args.length == 0 ? "no benchmark given" : "");
        }
        final String benchmark = args[0].toLowerCase(Locale.ROOT);
        if (!BENCHMARKS.contains(benchmark)) {
            throw new IllegalArgumentException("unknown benchmark '" + args[0] + "'");
        }
        final boolean projection = PROJECTION_BENCHMARKS.contains(benchmark);
        final boolean recovery = benchmark.equals(STATE_RECOVERY);
        final boolean transfers = benchmark.equals("transfers");
        int records = benchmark.equals("query-load") ? 100_000 : transfers ? TRANSFER_RECORDS : 1_000_000;
        int rawRecords = 0;
        int accounts = recovery ? 100_000 : projection ? 10_000 : 1_000;
        int eventsPerAccount = 50;
        boolean recordsGiven = false;
        final boolean soak = benchmark.equals("soak");
        int rate = soak ? SOAK_RATE : transfers ? TRANSFER_RATE : 500;
        final boolean capacity = benchmark.equals(HTTP_CAPACITY);
        int duration = soak ? SOAK_SECONDS : capacity ? CAPACITY_SECONDS : 30;
        int warmup = capacity ? CAPACITY_WARMUP_SECONDS : 5;
        List<Integer> rates = CAPACITY_RATES;
        int brokers = 1;
        List<Long> intervals = List.of(100L);
        String bootstrap = null;
        int partitions = 6;
        int connections = capacity ? CAPACITY_CONNECTIONS : 32;
        int threads = 2;
        int streamThreads = 1;
        int rounds = benchmark.equals("registry-cost") || benchmark.equals("personal-data-cost") ? 3 : 1;
        for (int i = 1; i < args.length; i += 2) {
            final String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            final String value = args[i + 1];
            switch (option) {
                case "--records" -> {
                    records = positive(option, value);
                    recordsGiven = true;
                }
                case "--raw-records" -> rawRecords = positive(option, value);
                case "--accounts" -> accounts = positive(option, value);
                case "--rate" -> rate = positive(option, value);
                case "--duration" -> duration = positive(option, value);
                case "--warmup" -> warmup = nonNegative(option, value);
                case "--commit-interval-ms" -> intervals = intervals(value);
                case "--bootstrap" -> bootstrap = value;
                case "--partitions" -> partitions = positive(option, value);
                case "--connections" -> connections = positive(option, value);
                case "--threads" -> threads = positive(option, value);
                case "--events-per-account" -> eventsPerAccount = positive(option, value);
                case "--stream-threads" -> streamThreads = positive(option, value);
                case "--rounds" -> rounds = positive(option, value);
                case "--rates" -> rates = rates(value);
                case "--brokers" -> brokers = positive(option, value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (projection && records < accounts) {
            throw new IllegalArgumentException("--records (" + records + " events) must be at least --accounts ("
                    + accounts + "): each account is opened by an event");
        }
        if (threads > connections) {
            throw new IllegalArgumentException(
                    "--threads (" + threads + ") must not exceed --connections (" + connections + ")");
        }
        if (recovery) {
            if (recordsGiven) {
                throw new IllegalArgumentException("state-recovery counts its events as --accounts × "
                        + "--events-per-account; --records does not apply");
            }
            if ((long) accounts * eventsPerAccount > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--accounts × --events-per-account must stay below 2^31 events");
            }
            records = accounts * eventsPerAccount;
        }
        if (brokers > 1 && bootstrap != null) {
            throw new IllegalArgumentException(
                    "--brokers starts an embedded cluster; with --bootstrap the cluster " + "is yours");
        }
        return new BenchOptions(
                benchmark,
                records,
                rawRecords > 0 ? rawRecords : 5 * records,
                accounts,
                rate,
                duration,
                warmup,
                intervals,
                bootstrap,
                partitions,
                connections,
                threads,
                eventsPerAccount,
                streamThreads,
                rounds,
                brokers,
                rates);
    }

    private static List<Integer> rates(final String value) {
        final List<Integer> list = new ArrayList<>();
        for (final String part : value.split(",")) {
            final int rate = positive("--rates", part.strip());
            if (!list.isEmpty() && rate <= list.get(list.size() - 1)) {
                throw new IllegalArgumentException("--rates must increase, got " + value);
            }
            list.add(rate);
        }
        return list;
    }

    private static List<Long> intervals(final String value) {
        final List<Long> list = new ArrayList<>();
        for (final String part : value.split(",")) {
            list.add((long) nonNegative("--commit-interval-ms", part.strip()));
        }
        return list;
    }

    private static int positive(final String option, final String value) {
        final int n = nonNegative(option, value);
        if (n == 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return n;
    }

    private static int nonNegative(final String option, final String value) {
        try {
            final int n = Integer.parseInt(value.replace("_", ""));
            if (n < 0) {
                throw new IllegalArgumentException(option + " must not be negative, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'", e);
        }
    }
}
