package dev.kes.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.schemas.serde.UnknownSchemaException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaParser;

/**
 * A schema registry reached over the Confluent Schema Registry REST API, which Confluent Schema Registry,
 * Apicurio (its ccompat API), Karapace and Redpanda all serve: {@code POST /subjects/{subject}/versions} to
 * register, {@code GET /schemas/ids/{id}} to look up. Ids are cached both ways (a registered schema never changes
 * its id), so a running codec asks the registry once per schema. Several URLs (comma-separated) are tried in turn
 * when one cannot be reached.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String location;
    private final List<URI> bases;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    /**
     * @param urls the registry's base URL, or several separated by commas
     * @param userInfo {@code user:password} for HTTP basic authentication, or null for none
     * @param timeout how long to wait to connect and for each answer
     * @throws IllegalArgumentException if a URL is not an http(s) URL
     */
    public HttpSchemaRegistry(String urls, String userInfo, Duration timeout) {
        Objects.requireNonNull(urls, "urls");
        this.location = urls.strip();
        this.bases = Arrays.stream(location.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(HttpSchemaRegistry::base)
                .toList();
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("schema.registry.url is empty");
        }
        this.authorization = userInfo == null || userInfo.isBlank()
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    private static URI base(String url) {
        final URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schema.registry.url " + url + " is not a URL: " + e.getMessage(), e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("schema.registry.url " + url + " must be an http:// or https:// URL");
        }
        return uri;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        String text = schema.toString();
        Integer cached = idsBySubjectAndSchema.get(subject + '\n' + text);
        if (cached != null) {
            return cached;
        }
        String path =
                "subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20") + "/versions";
        String body = JSON.createObjectNode().put("schema", text).toString();
        JsonNode answer = call("POST " + path, path, HttpRequest.BodyPublishers.ofString(body), null);
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException(location, "POST /" + path + " answered without a schema id: " + answer);
        }
        int registered = id.intValue();
        idsBySubjectAndSchema.put(subject + '\n' + text, registered);
        schemasById.putIfAbsent(registered, schema);
        return registered;
    }

    /** Lists the subjects, to know the registry answers: what a reader that registers nothing checks at start. */
    @Override
    public void checkReachable() {
        call("GET subjects", "subjects", null, null);
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "schemas/ids/" + id;
        JsonNode answer = call("GET " + path, path, null, id);
        JsonNode type = answer.get("schemaType");
        if (type != null && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw UnknownSchemaException.forSchemaId(
                    id,
                    "schema id " + id + " in the schema registry at " + location + " is a " + type.asText()
                            + " schema, not Avro");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(location, "GET /" + path + " answered without a schema: " + answer);
        }
        Schema schema;
        try {
            schema = SchemaParser.parseSingle(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    location, "schema id " + id + " is not a valid Avro schema: " + e.getMessage(), e);
        }
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    /**
     * One request, to each URL in turn until one answers. {@code lookedUpId} is the id a 404 means is unknown (null
     * when a 404 is an error like any other).
     */
    private JsonNode call(String what, String path, HttpRequest.BodyPublisher body, Integer lookedUpId) {
        IOException unreachable = null;
        for (URI base : bases) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", ACCEPT);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE).POST(body);
            } else {
                request.GET();
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (HttpTimeoutException e) {
                unreachable = e;
                continue;
            } catch (IOException e) {
                unreachable = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(location, "interrupted during " + what, e);
            }
            return answer(what, response, lookedUpId);
        }
        throw new SchemaRegistryException(
                location,
                (unreachable instanceof HttpTimeoutException
                                ? "no answer within " + timeout.toMillis() + " ms"
                                : "cannot reach it")
                        + " (" + what + ": "
                        + describe(unreachable) + ")",
                unreachable);
    }

    private JsonNode answer(String what, HttpResponse<String> response, Integer lookedUpId) {
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status / 100 == 2 && json != null) {
            return json;
        }
        String message = json != null && json.hasNonNull("message")
                ? json.get("message").asText()
                : abbreviated(response.body());
        if (status == 404 && lookedUpId != null) {
            throw UnknownSchemaException.forSchemaId(
                    lookedUpId,
                    "schema id " + lookedUpId + " is not known to the schema registry at " + location + " (" + message
                            + ")");
        }
        if (status == 401 || status == 403) {
            throw new SchemaRegistryException(
                    location, what + " answered " + status + " (" + message + "): check basic.auth.user.info");
        }
        throw new SchemaRegistryException(location, what + " answered " + status + ": " + message);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node != null && node.isContainerNode() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviated(String body) {
        if (body == null || body.isBlank()) {
            return "no body";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "no URL";
        }
        String message =
                e.getMessage() != null ? e.getMessage() : e.getCause() != null ? String.valueOf(e.getCause()) : null;
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistry[" + location + "]";
    }
}
