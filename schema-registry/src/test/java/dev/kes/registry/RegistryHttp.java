package dev.kes.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain java.net.http client for the registry, sending Confluent's media type as its clients do. */
final class RegistryHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;

    RegistryHttp(final String url) {
        this.url = url;
    }

    record Response(int status, String contentType, String raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON (" + status + "): " + raw, e);
            }
        }
    }

    /** The body of a registration or lookup: {@code {"schema": "<schema>"}}. */
    static String schemaBody(final String schema) {
        final ObjectNode body = JSON.createObjectNode().put("schema", schema);
        return body.toString();
    }

    Response get(final String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    Response post(final String path, final String body) {
        return send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", RegistryRoutes.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response put(final String path, final String body) {
        return send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response delete(final String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).DELETE());
    }

    /** Registers {@code schema} under {@code subject} and returns its id; fails the test unless that is a 200. */
    int register(final String subject, final String schema) {
        final Response response = post("/subjects/" + subject + "/versions", schemaBody(schema));
        if (response.status() != 200) {
            throw new AssertionError("registration answered " + response.status() + ": " + response.raw());
        }
        return response.json().get("id").asInt();
    }

    private Response send(final HttpRequest.Builder request) {
        try {
            final HttpResponse<String> response = http.send(
                    request.timeout(Duration.ofSeconds(30))
                            .header("Accept", RegistryRoutes.MEDIA_TYPE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
