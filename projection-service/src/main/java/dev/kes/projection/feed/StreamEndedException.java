package dev.kes.projection.feed;

/**
 * A live stream that cannot go on: its subscriber fell a whole queue behind the live events, or the service is
 * closing. The message says which; the subscriber resumes, here or elsewhere, from the last position it received.
 */
public final class StreamEndedException extends Exception {
    StreamEndedException(final String message) {
        super(message, null, false, false);
    }
}
