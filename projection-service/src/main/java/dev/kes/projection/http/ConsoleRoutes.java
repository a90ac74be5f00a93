package dev.kes.projection.http;

import dev.kes.service.http.Problem;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web console: static files (plain HTML and ES modules, the chart library vendored beside them) from the
 * classpath folder {@value #FOLDER}, at {@code /ui/}, and {@code /ui/config.json}, which tells the console where the
 * command service is. No token is needed for these (they hold no data); the console's own API calls carry the token
 * its user gives it. Not part of the query API's OpenAPI document: these are pages, not API.
 */
public final class ConsoleRoutes {
    static final String FOLDER = "ui/";
    /** Names of files the console has: no "..", no hidden files, nothing but a plain relative path. */
    private static final Pattern FILE = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "md", "text/plain; charset=utf-8");

    private ConsoleRoutes() {}

    /** @param commandUrl the command service's base URL (ui.command.url); blank: the console only reads */
    public static void register(final Javalin app, final String commandUrl) {
        final String base = commandUrl.isBlank() ? null : commandUrl.replaceAll("/+$", "");
        final Map<String, Object> config = new LinkedHashMap<>();
        config.put("commandUrl", base);
        // the page may load only its own files and talk only to this service and the command service
        final String policy = "default-src 'self'; connect-src 'self'" + (base == null ? "" : " " + base)
                + "; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
        app.get("/ui", ctx -> serve(ctx, "index.html", policy));
        app.get(
                "/ui/config.json",
                ctx -> ctx.header("Cache-Control", "no-store").json(config));
        app.get("/ui/<file>", ctx -> serve(ctx, ctx.pathParam("file"), policy));
    }

    private static void serve(final Context ctx, final String file, final String policy) {
        final String name = file.isEmpty() ? "index.html" : file;
        final String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!FILE.matcher(name).matches() || !TYPES.containsKey(extension)) {
            throw notFound(ctx);
        }
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw notFound(ctx);
            }
            if (extension.equals("html")) {
                ctx.header("Content-Security-Policy", policy);
            }
            // the console changes with the service: the browser checks again on every load
            ctx.header("Cache-Control", "no-cache")
                    .header("X-Content-Type-Options", "nosniff")
                    .contentType(TYPES.get(extension))
                    .result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RuntimeException notFound(final Context ctx) {
        return Problem.notFound("no console file at " + ctx.path()).exception();
    }
}
