package dev.kes.client.events;

/**
 * Handles one event. The subscription checkpoints an event only after this returns; an exception stops the
 * subscription (it is rethrown by {@link EventSubscription#run()}) and the event is delivered again on restart.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(SubscribedEvent event) throws Exception;
}
