package dev.kes.projection.query;

/**
 * Where an account is served: {@code host} ({@code host:port}) runs the active task of its partition, and
 * {@code local} says whether that is this instance.
 */
public record Owner(String host, boolean local) {
}
