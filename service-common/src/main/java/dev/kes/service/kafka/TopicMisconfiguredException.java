package dev.kes.service.kafka;

import java.util.List;

/** An existing topic has a configuration that would lose data in this design; startup stops here. */
public final class TopicMisconfiguredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopicMisconfiguredException(final List<String> problems) {
        super("refusing to start: " + String.join("; ", problems)
                + " (fix the topic with kafka-configs.sh or point the service at another topic name)");
    }
}
