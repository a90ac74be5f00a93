package dev.kes.bench;

/**
 * One window of the soak (every 30 s): latencies from when each request was due (open loop), heap, lag.
 *
 * @param endSeconds        seconds since the load began, at the end of the window
 * @param depositsPerSec    2xx deposits per second
 * @param errors            deposits and queries without a 2xx answer (status or no response)
 * @param oldAfterGcMiB     the old generation's floor in the window: its lowest after any collection (sampled each s)
 * @param oldCollectionMiB  the old-gen pool's collection usage: after its last own (with G1: mixed or full) collection
 * @param projectionLag     account events not yet committed by the projection, at the end of the window
 * @param gcMs              GC time in the window
 */
record SoakWindow(
        int index,
        double endSeconds,
        double depositsPerSec,
        double depositP50Ms,
        double depositP99Ms,
        double depositMaxMs,
        double queriesPerSec,
        double queryP99Ms,
        long errors,
        double oldAfterGcMiB,
        double oldCollectionMiB,
        long projectionLag,
        long gcMs) {}
