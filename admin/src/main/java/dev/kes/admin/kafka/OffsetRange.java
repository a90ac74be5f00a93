package dev.kes.admin.kafka;

/** The offsets of one partition a read covered: from {@code from} (inclusive) to {@code to} (exclusive). */
public record OffsetRange(int partition, long from, long to) {
    public long size() {
        return Math.max(0, to - from);
    }
}
