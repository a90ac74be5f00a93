package dev.kes.projection.query;

import java.util.Optional;

/**
 * What a query found, and where: {@code servedBy} is the instance (host:port) that read its store;
 * {@code standby} is true when a standby replica answered because the active owner was unreachable.
 */
public record QueryAnswer<T>(Optional<T> value, String servedBy, boolean standby) {
}
