package dev.kes.projection.http;

import dev.kes.client.events.InvalidPositionException;
import dev.kes.client.events.Position;
import dev.kes.projection.feed.EventCursor;
import dev.kes.projection.feed.EventFilter;
import dev.kes.projection.feed.EventLog;
import dev.kes.projection.feed.FeedUnavailableException;
import dev.kes.projection.feed.StreamEndedException;
import dev.kes.projection.feed.StreamedEvent;
import dev.kes.service.http.Problem;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events/stream}: committed events as Server-Sent Events. Each event is {@code id:} (the position that
 * resumes right after it), {@code event:} (its type) and {@code data:} (its JSON on one line); the stream opens with
 * {@code retry:} and the {@code id:} of its start, so that a client that saw no event yet also resumes exactly. It
 * starts after {@code Last-Event-ID}, else after {@code ?after=}, else at the live end of the topic.
 *
 * <p>The stream is written on the request's own thread, straight to the response (Javalin's SseClient writes on the
 * caller's thread and commits the status before any check could answer 400 or 503). A client that does not read
 * blocks only this thread: events reach it through its own bounded queue, and when that overflows the stream ends.
 */
final class EventStreamHandler implements Handler {
    static final String TOO_MANY_STREAMS_TYPE = "urn:kes:problem:too-many-streams";
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamHandler.class);
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final EventLog log;
    private final StreamSettings settings;
    private final Semaphore slots;
    private final AtomicInteger open = new AtomicInteger();

    EventStreamHandler(final EventLog log, final StreamSettings settings, final MeterRegistry registry) {
        this.log = log;
        this.settings = settings;
        this.slots = new Semaphore(settings.maxStreams());
        Gauge.builder("kes_event_streams_open", open, AtomicInteger::get)
                .description("GET /events/stream connections open now")
                .register(registry);
    }

    @Override
    public void handle(final Context ctx) throws InterruptedException {
        final String lastEventId = ctx.header("Last-Event-ID");
        final Position from = lastEventId != null && !lastEventId.isBlank()
                ? FeedParams.position("Last-Event-ID", lastEventId)
                : FeedParams.position("after", ctx.queryParam("after"));
        final EventFilter filter = FeedParams.filter(ctx);
        if (!slots.tryAcquire()) {
            throw Problem.of(
                            503,
                            "too-many-streams",
                            "Too many event streams",
                            "this instance serves at most " + settings.maxStreams()
                                    + " event streams; retry later or ask " + "another instance")
                    .exception();
        }
        open.incrementAndGet();
        try (EventCursor cursor = openCursor(from, filter)) {
            stream(ctx.res(), cursor);
        } finally {
            open.decrementAndGet();
            slots.release();
        }
    }

    private EventCursor openCursor(final Position from, final EventFilter filter) {
        try {
            return log.open(from, filter);
        } catch (InvalidPositionException e) {
            throw FeedParams.invalidPosition("Last-Event-ID or after", e);
        } catch (FeedUnavailableException | KafkaException e) {
            throw FeedParams.unavailable(e);
        }
    }

    private void stream(final HttpServletResponse response, final EventCursor cursor) throws InterruptedException {
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // a proxy that buffers would hold events back
        try {
            final OutputStream out = response.getOutputStream();
            write(
                    out,
                    "retry: " + settings.retry().toMillis() + "\nid: "
                            + cursor.position().token() + "\n\n");
            out.flush();
            long lastWrite = System.nanoTime();
            while (true) {
                final long silence = System.nanoTime() - lastWrite;
                final Duration wait = settings.heartbeat().minusNanos(silence);
                final List<StreamedEvent> events;
                try {
                    events = cursor.next(wait.isNegative() ? Duration.ZERO : wait);
                } catch (StreamEndedException e) {
                    write(out, ": stream ended: " + e.getMessage() + "; reconnect with Last-Event-ID\n\n");
                    out.flush();
                    return;
                }
                if (!events.isEmpty()) {
                    for (final StreamedEvent event : events) {
                        write(
                                out,
                                "id: " + event.after().token() + "\nevent: "
                                        + event.record().type() + "\ndata: ");
                        out.write(event.record().json());
                        out.write('\n');
                        out.write('\n');
                    }
                    out.flush();
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite >= settings.heartbeat().toNanos()) {
                    out.write(HEARTBEAT);
                    out.flush();
                    lastWrite = System.nanoTime();
                }
            }
        } catch (IOException e) {
            LOG.debug("event stream client gone: {}", e.toString()); // the normal end of a stream
        }
    }

    private static void write(final OutputStream out, final String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
