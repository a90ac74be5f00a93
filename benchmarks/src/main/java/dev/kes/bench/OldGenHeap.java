package dev.kes.bench;

import com.sun.management.GcInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The old generation's occupancy as the garbage collector left it, read without causing a collection (no
 * {@code System.gc()}): what survives collections is what a leak makes grow.
 *
 * <p>Two readings. {@link #collectionUsageBytes()} is the pool's own "usage after the last collection of this pool"
 * ({@link MemoryPoolMXBean#getCollectionUsage()}); with G1 the old generation is collected only by mixed and full
 * collections, which a healthy run may never need, and then it stays 0. {@link #afterLastGcBytes()} is the old
 * generation after the most recent collection of any kind (young ones included, from {@link GcInfo}): updated every
 * few seconds under load, the one the soak's verdict uses.
 */
final class OldGenHeap {
    private static final long UNKNOWN = -1;

    private final MemoryPoolMXBean pool;

    private OldGenHeap(final MemoryPoolMXBean pool) {
        this.pool = pool;
    }

    static OldGenHeap find() {
        for (final MemoryPoolMXBean candidate : ManagementFactory.getMemoryPoolMXBeans()) {
            final String name = candidate.getName();
            if (candidate.getType() == MemoryType.HEAP && (name.contains("Old Gen") || name.contains("Tenured"))) {
                return new OldGenHeap(candidate);
            }
        }
        throw new IllegalStateException("no old-generation heap pool in "
                + ManagementFactory.getMemoryPoolMXBeans().stream()
                        .map(MemoryPoolMXBean::getName)
                        .toList());
    }

    String poolName() {
        return pool.getName();
    }

    long collectionUsageBytes() {
        final MemoryUsage usage = pool.getCollectionUsage();
        return usage == null ? UNKNOWN : usage.getUsed();
    }

    long afterLastGcBytes() {
        GcInfo latest = null;
        for (final var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof com.sun.management.GarbageCollectorMXBean gc) {
                final GcInfo info = gc.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return UNKNOWN;
        }
        final MemoryUsage after = latest.getMemoryUsageAfterGc().get(pool.getName());
        return after == null ? UNKNOWN : after.getUsed();
    }
}
