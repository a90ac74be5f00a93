package dev.kes.admin.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests to the HTTP API of a service a test started (on 127.0.0.1, at the port it chose). */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Http() {}

    public static HttpResponse<String> get(final int port, final String path) throws IOException, InterruptedException {
        return send(request(port, path).GET());
    }

    public static HttpResponse<String> postJson(final int port, final String path, final String json)
            throws IOException, InterruptedException {
        return send(request(port, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpRequest.Builder request(final int port, final String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT);
    }

    private static HttpResponse<String> send(final HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
