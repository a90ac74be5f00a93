package dev.kes.projection.http;

import dev.kes.client.events.InvalidPositionException;
import dev.kes.client.events.Position;
import dev.kes.domain.AccountIds;
import dev.kes.projection.feed.EventFilter;
import dev.kes.schemas.event.AccountOpened;
import dev.kes.schemas.serde.ShippedTypes;
import dev.kes.service.http.Problem;
import dev.kes.service.http.ProblemException;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The parameters of {@code /events} and {@code /events/stream}; anything malformed is a 400 with a stable type. */
final class FeedParams {
    static final String INVALID_POSITION_TYPE = "urn:kes:problem:invalid-position";
    static final String UNKNOWN_EVENT_TYPE_TYPE = "urn:kes:problem:unknown-event-type";
    /** The event types this build writes and reads: the names {@code ?types=} accepts and {@code event:} carries. */
    static final Set<String> EVENT_TYPES = ShippedTypes.all().stream()
            .filter(type -> type.getPackageName().equals(AccountOpened.class.getPackageName()))
            .map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));

    private FeedParams() {}

    /** {@code text} as a position; null stays null (no position given). */
    static Position position(final String name, final String text) {
        if (text == null) {
            return null;
        }
        try {
            return Position.parse(text);
        } catch (InvalidPositionException e) {
            throw invalidPosition(name, e);
        }
    }

    static ProblemException invalidPosition(final String name, final InvalidPositionException e) {
        return Problem.of(400, "invalid-position", "Invalid position", "'" + name + "': " + e.getMessage())
                .exception();
    }

    /** Kafka did not answer in time, or the live feed has not started yet: transient, so a 503 + Retry-After. */
    static ProblemException unavailable(final RuntimeException e) {
        return Problem.of(
                        503,
                        "feed-unavailable",
                        "Event feed not available",
                        "the events topic cannot be read now: " + e.getMessage())
                .exception();
    }

    static EventFilter filter(final Context ctx) {
        return new EventFilter(types(ctx.queryParam("types")), account(ctx.queryParam("account")));
    }

    private static Set<String> types(final String text) {
        if (text == null) {
            return Set.of();
        }
        final Set<String> types = new LinkedHashSet<>();
        for (final String raw : text.split(",", -1)) {
            final String type = raw.strip();
            if (!EVENT_TYPES.contains(type)) {
                throw Problem.of(
                                400,
                                "unknown-event-type",
                                "Unknown event type",
                                "'types' names '" + abbreviate(type) + "'; the event types are "
                                        + String.join(", ", EVENT_TYPES))
                        .exception();
            }
            types.add(type);
        }
        return types;
    }

    private static String account(final String text) {
        if (text != null && !AccountIds.isValid(text)) {
            throw Problem.badRequest(
                            "'account' must be an account id: 1-64 characters of letters, digits, '.', '_'" + " or '-'")
                    .exception();
        }
        return text;
    }

    private static String abbreviate(final String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
