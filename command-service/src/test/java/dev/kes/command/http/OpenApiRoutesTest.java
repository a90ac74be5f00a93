package dev.kes.command.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.http.OpenApiDocument;
import dev.kes.service.personal.PersonalData;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the routes the command service serves: none missing, none made up. */
class OpenApiRoutesTest {
    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        try (HttpServer server = HttpServer.start(
                "127.0.0.1",
                0,
                Json.mapper(),
                () -> null,
                () -> "",
                app -> CommandRoutes.register(app, null, Json.mapper(), null, PersonalData.NONE))) {
            assertThat(server.routes())
                    .contains("POST /accounts", "POST /transfers", "GET /openapi.json")
                    .containsExactlyInAnyOrderElementsOf(
                            OpenApiDocument.load(CommandRoutes.API_DOCUMENT).operations());
        }
    }
}
