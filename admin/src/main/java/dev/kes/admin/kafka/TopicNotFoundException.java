package dev.kes.admin.kafka;

import dev.kes.admin.AdminException;

/** A topic the operation needs does not exist. */
public final class TopicNotFoundException extends AdminException {
    private final String topic;

    public TopicNotFoundException(final String topic) {
        super("topic " + topic + " does not exist");
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
