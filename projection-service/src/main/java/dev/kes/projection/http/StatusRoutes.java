package dev.kes.projection.http;

import dev.kes.projection.status.ProjectionStatus;
import io.javalin.Javalin;
import java.util.function.Supplier;

/** {@code GET /projection/status}: this instance's lag, restorations and applied events (README "HTTP API"). */
public final class StatusRoutes {
    public static final String STATUS = "/projection/status";

    private StatusRoutes() {}

    public static void register(final Javalin app, final Supplier<ProjectionStatus> status) {
        app.get(STATUS, ctx -> ctx.json(status.get()));
    }
}
