package dev.kes.projection.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.client.events.Position;
import dev.kes.projection.feed.EventCursor;
import dev.kes.projection.feed.EventFilter;
import dev.kes.projection.feed.EventLog;
import dev.kes.projection.query.FeedPage;
import dev.kes.projection.query.StartingDirectory;
import dev.kes.service.http.HttpServer;
import dev.kes.service.http.Json;
import dev.kes.service.http.OpenApiDocument;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the routes the projection service serves: none missing, none made up. */
class OpenApiRoutesTest {
    /** Only routed, never asked. */
    private static final EventLog NO_LOG = new EventLog() {
        @Override
        public FeedPage page(final Position after, final int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventCursor open(final Position from, final EventFilter filter) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        final StreamSettings streams = new StreamSettings(1, Duration.ofSeconds(1), 1, Duration.ZERO);
        try (HttpServer server = HttpServer.start("127.0.0.1", 0, Json.mapper(), () -> null, () -> "", app -> {
            QueryRoutes.register(app, new FakeQueries(), Duration.ofMillis(100));
            QueryRoutes.registerDirectory(app, new StartingDirectory(), Duration.ofMillis(100));
            QueryRoutes.registerFeed(app, NO_LOG, streams, new SimpleMeterRegistry());
            StatusRoutes.register(app, () -> {
                throw new UnsupportedOperationException();
            });
        })) {
            assertThat(server.routes())
                    .contains("GET /accounts/{id}", "GET /events/stream", "GET /openapi.json")
                    .containsExactlyInAnyOrderElementsOf(
                            OpenApiDocument.load(QueryRoutes.API_DOCUMENT).operations());
        }
    }
}
