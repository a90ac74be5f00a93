package dev.kes.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talking to a service under test over HTTP: waiting until it is ready, and single GETs. */
final class ServiceHttp {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private ServiceHttp() {}

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * The load generator's clients: several, since one client's single selector thread is a ceiling of its own, each
     * handling its answers on that selector thread, since a hand-off per answer costs the CPU the service needs.
     */
    static HttpClient[] loadClients(final int count) {
        final HttpClient[] clients = new HttpClient[count];
        for (int i = 0; i < count; i++) {
            clients[i] = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(Runnable::run)
                    .build();
        }
        return clients;
    }

    /** Polls {@code GET /health/ready} until it answers 200; fails after {@link #READY_TIMEOUT}. */
    static void awaitReady(final HttpClient client, final String base, final String what) throws InterruptedException {
        final HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                final HttpResponse<String> response = client.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(what + " was not ready within " + READY_TIMEOUT.toSeconds() + " s: " + last);
    }

    /** One GET; an I/O error is a failure of the benchmark. */
    static HttpResponse<String> get(final HttpClient client, final String url) throws InterruptedException {
        try {
            return client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e, e);
        }
    }
}
