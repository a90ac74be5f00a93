package dev.kes.command.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kes.command.CommandMetrics;
import dev.kes.service.http.OpenApiDocument;
import dev.kes.service.personal.PersonalData;
import io.javalin.Javalin;

/** The command API's routes, all in one place (the contract is in DESIGN.md "HTTP contract"). */
public final class CommandRoutes {
    /** The OpenAPI 3.1 document of these routes, served at {@code /openapi.json}. */
    public static final String API_DOCUMENT = "dev/kes/command/openapi.json";

    private CommandRoutes() {}

    public static void register(
            final Javalin app,
            final CommandGateway gateway,
            final ObjectMapper mapper,
            final CommandMetrics metrics,
            final PersonalData personal) {
        final CommandHandlers handlers = new CommandHandlers(gateway, mapper, metrics, personal);
        app.post("/accounts", handlers::open);
        app.post("/accounts/{id}/deposits", handlers::deposit);
        app.post("/accounts/{id}/withdrawals", handlers::withdraw);
        app.post("/accounts/{id}/interest", handlers::interest);
        app.post("/accounts/{id}/close", handlers::close);
        app.delete("/accounts/{id}/personal-data", handlers::erase);
        app.post("/transfers", handlers::transfer);
        OpenApiDocument.load(API_DOCUMENT).serve(app);
    }
}
