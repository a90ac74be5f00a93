package dev.kes.projection.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Server-Sent Events client for the tests, as a browser's EventSource parses the stream: frames end at a blank
 * line; {@code id:}, {@code event:}, {@code data:}, {@code retry:} fields and {@code :} comments. The frames are read
 * on a thread of their own and collected in arrival order.
 */
final class TestSse implements AutoCloseable {
    /** One frame: its fields (null when absent) and its comment lines. */
    record Frame(String id, String event, String data, String retry, List<String> comments) {
        boolean isEvent() {
            return data != null;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final HttpResponse<InputStream> response;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean ended;

    private TestSse(final HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "test-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens a stream; returns once the response headers are in (the status may be an error). */
    static TestSse open(final int port, final String pathAndQuery, final String... headers) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Accept", "text/event-stream")
                .GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new TestSse(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    List<Frame> frames() {
        return List.copyOf(frames);
    }

    List<Frame> events() {
        return frames.stream().filter(Frame::isEvent).toList();
    }

    /** The id the stream gave last, as an EventSource keeps it for Last-Event-ID (events or not). */
    String lastEventId() {
        String id = null;
        for (final Frame frame : frames) {
            if (frame.id() != null) {
                id = frame.id();
            }
        }
        return id;
    }

    boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            String data = null;
            String retry = null;
            List<String> comments = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    frames.add(new Frame(id, event, data, retry, List.copyOf(comments)));
                    id = null;
                    event = null;
                    data = null;
                    retry = null;
                    comments = new ArrayList<>();
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? line.substring(6) : data + "\n" + line.substring(6);
                } else if (line.startsWith("retry: ")) {
                    retry = line.substring(7);
                }
            }
        } catch (IOException e) {
            // closed by the test
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already gone
        }
    }
}
