package dev.kes.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * CPU time used so far: by this JVM, by some of its threads (by name), by the child processes it has waited for
 * (wrk), and by the whole machine. Subtract two to see how many cores a run kept busy, whether one thread was the
 * limit (a stream thread near 1.0 core is CPU-bound), and how much of the machine something else took. The last two
 * come from Linux's {@code /proc} (clock ticks of 10 ms); elsewhere they are -1.
 */
record CpuTime(long wallNanos, long processNanos, long threadsNanos, long childrenNanos, long machineNanos) {
    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** Linux's USER_HZ, the unit of /proc times: 100 on every mainstream kernel ({@code getconf CLK_TCK}). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** The stream threads of a Kafka Streams app ({@code <application.id>-<uuid>-StreamThread-<n>}). */
    static Predicate<String> streamThreadsOf(final String applicationId) {
        return name -> name.startsWith(applicationId + "-")
                && STREAM_THREAD.matcher(name).matches();
    }

    static CpuTime now(final Predicate<String> threadName) {
        final long process =
                ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                        ? os.getProcessCpuTime()
                        : -1;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long matching = 0;
        if (threads.isThreadCpuTimeSupported()) {
            for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && threadName.test(info.getThreadName())) {
                    matching += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
        }
        return new CpuTime(System.nanoTime(), process, matching, children(), machine());
    }

    CpuTime minus(final CpuTime earlier) {
        return new CpuTime(
                wallNanos - earlier.wallNanos,
                processNanos - earlier.processNanos,
                threadsNanos - earlier.threadsNanos,
                unknownOr(childrenNanos, earlier.childrenNanos),
                unknownOr(machineNanos, earlier.machineNanos));
    }

    private static long unknownOr(final long now, final long earlier) {
        return now < 0 || earlier < 0 ? -1 : now - earlier;
    }

    /** Cores this JVM kept busy on average (of a difference). */
    double processCores() {
        return processNanos < 0 ? Double.NaN : (double) processNanos / wallNanos;
    }

    /** Cores the matching threads kept busy on average (of a difference). */
    double threadCores() {
        return (double) threadsNanos / wallNanos;
    }

    /** Cores the child processes that ended meanwhile kept busy (of a difference): wrk's CPU. */
    double childrenCores() {
        return childrenNanos < 0 ? Double.NaN : (double) childrenNanos / wallNanos;
    }

    /** Cores everything else on the machine kept busy (of a difference): neither this JVM nor its children. */
    double otherCores() {
        return machineNanos < 0 || processNanos < 0 || childrenNanos < 0
                ? Double.NaN
                : Math.max(0, (double) (machineNanos - processNanos - childrenNanos) / wallNanos);
    }

    /** Fields 16 and 17 of /proc/self/stat: cutime and cstime of waited-for children. */
    private static long children() {
        try {
            final String stat = Files.readString(Path.of("/proc/self/stat"));
            final String[] fields =
                    SPACES.split(stat.substring(stat.lastIndexOf(')') + 2).strip());
            // fields[0] is field 3 (state)
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The first line of /proc/stat: every CPU's ticks in user, nice, system, irq and softirq. */
    private static long machine() {
        try {
            final String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            final String[] fields = SPACES.split(first.strip());
            long busy = 0;
            for (final int field : new int[] {1, 2, 3, 6, 7}) {
                busy += Long.parseLong(fields[field]);
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
