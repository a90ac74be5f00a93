package dev.kes.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry (Avro only) whose schemas live in a compacted Kafka topic, as Confluent
 * Schema Registry's do: {@link #start} reads the topic to its end before it answers, so a restart serves the same
 * ids, and a registration is in the topic before it is answered. Errors are Confluent's
 * {@code {"error_code": …, "message": …}} bodies, which its clients parse; never a stack trace.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);

    private final SchemaLog log;
    private final Javalin app;
    private final String host;

    private SchemaRegistryServer(final SchemaLog log, final Javalin app, final String host) {
        this.log = log;
        this.app = app;
        this.host = host;
    }

    public static SchemaRegistryServer start(final SchemaRegistryConfig config) {
        final RegistryState state = new RegistryState();
        final SchemaLog log = SchemaLog.open(config, state);
        try {
            final ObjectMapper json = new ObjectMapper();
            final Javalin app = Javalin.create(javalin -> {
                javalin.showJavalinBanner = false;
                // a known path asked with a method it does not have (DELETE: not implemented) is a 405, not a 404
                javalin.http.prefer405over404 = true;
            });
            app.exception(
                    RegistryException.class, (e, ctx) -> error(ctx, json, e.status(), e.errorCode(), e.getMessage()));
            app.exception(
                    MethodNotAllowedResponse.class,
                    (e, ctx) -> error(
                            ctx, json, 405, 405, "HTTP 405 Method Not Allowed: " + ctx.method() + " " + ctx.path()));
            app.exception(
                    HttpResponseException.class,
                    (e, ctx) -> error(ctx, json, e.getStatus(), e.getStatus(), e.getMessage()));
            app.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected error answering {} {}", ctx.method(), ctx.path(), e);
                error(ctx, json, 500, 500, "Internal server error; this is a bug, please report it");
            });
            app.error(404, ctx -> {
                final String type = ctx.res().getContentType();
                if (type == null || !type.startsWith(RegistryRoutes.MEDIA_TYPE)) {
                    error(ctx, json, 404, 404, "HTTP 404 Not Found: " + ctx.path());
                }
            });
            new RegistryRoutes(new SchemaRegistry(state, log), json).addTo(app);
            app.start(config.host(), config.port());
            LOG.info(
                    "schema registry listening on http://{}:{} (schemas in topic {})",
                    config.host(),
                    app.port(),
                    config.topic());
            return new SchemaRegistryServer(log, app, config.host());
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    /** The URL clients on this machine use, e.g. {@code http://127.0.0.1:8085}. */
    public String url() {
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port();
    }

    private static void error(
            final Context ctx, final ObjectMapper json, final int status, final int code, final String message) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message);
        try {
            ctx.status(status).contentType(RegistryRoutes.MEDIA_TYPE).result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            ctx.status(500).contentType(RegistryRoutes.MEDIA_TYPE).result("{\"error_code\":500}");
        }
    }

    @Override
    public void close() {
        app.stop();
        log.close();
    }
}
