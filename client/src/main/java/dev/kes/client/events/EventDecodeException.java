package dev.kes.client.events;

/**
 * A record of the events topic that cannot be decoded (broken bytes, or not an event): the subscription stops here
 * rather than skip it silently. Names the partition and offset so an operator can look at it.
 */
public final class EventDecodeException extends RuntimeException {
    private final int partition;
    private final long offset;

    public EventDecodeException(final String topic, final int partition, final long offset, final Throwable cause) {
        super(
                "cannot decode the record at " + topic + "-" + partition + "@" + offset + ": " + cause.getMessage(),
                cause);
        this.partition = partition;
        this.offset = offset;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
