package dev.kes.client.events;

import java.util.List;

/**
 * Handles the events of one poll, in each partition's order, as one unit: e.g. one database transaction that also
 * stores each partition's next offset ({@link SubscribedEvent#position()}). Checkpointed after it returns.
 */
@FunctionalInterface
public interface BatchHandler {
    void handle(List<SubscribedEvent> batch) throws Exception;
}
