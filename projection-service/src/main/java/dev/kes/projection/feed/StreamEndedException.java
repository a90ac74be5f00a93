package dev.kes.projection.feed;

/**
 * A live stream that cannot go on: its subscriber fell a whole queue behind the live events ({@link #overflow}), or
 * the service is closing. The subscriber resumes, here or elsewhere, from the last position it received.
 */
public final class StreamEndedException extends Exception {
    private final boolean overflow;

    StreamEndedException(final String message, final boolean overflow) {
        super(message, null, false, false);
        this.overflow = overflow;
    }

    public boolean overflow() {
        return overflow;
    }
}
