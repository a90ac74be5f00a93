package dev.kes.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.http.OpenApiDocument;
import org.junit.jupiter.api.Test;

/** The transfer manager's small API (health, metrics, the document itself) is what its document describes. */
class OpenApiRoutesTest {
    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        try (HttpServer server = HttpServer.start(
                "127.0.0.1",
                0,
                Json.mapper(),
                () -> null,
                () -> "",
                OpenApiDocument.load(TransferManager.API_DOCUMENT)::serve)) {
            assertThat(server.routes())
                    .containsExactlyInAnyOrderElementsOf(
                            OpenApiDocument.load(TransferManager.API_DOCUMENT).operations());
        }
    }
}
