package dev.kes.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** Garbage collection so far in this JVM (all collectors): subtract two to see what a run cost. */
record GcTime(long collections, long millis) {

    static GcTime total() {
        long count = 0;
        long time = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            time += Math.max(0, gc.getCollectionTime());
        }
        return new GcTime(count, time);
    }

    GcTime minus(final GcTime earlier) {
        return new GcTime(collections - earlier.collections, millis - earlier.millis);
    }
}
