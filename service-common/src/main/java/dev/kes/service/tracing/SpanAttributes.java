package dev.kes.service.tracing;

import io.opentelemetry.api.common.AttributeKey;

/** The attributes of this system's spans (README "Tracing"), one vocabulary for the services that set them. */
public final class SpanAttributes {
    public static final AttributeKey<String> ACCOUNT = AttributeKey.stringKey("kes.account.id");
    /** The account's version after a decision (its current version for a rejection). */
    public static final AttributeKey<Long> ACCOUNT_VERSION = AttributeKey.longKey("kes.account.version");

    public static final AttributeKey<String> COMMAND_ID = AttributeKey.stringKey("kes.command.id");
    public static final AttributeKey<String> COMMAND_TYPE = AttributeKey.stringKey("kes.command.type");
    /** ACCEPTED, REJECTED, or DUPLICATE for a retry answered from the dedupe store. */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("kes.command.outcome");

    public static final AttributeKey<String> REJECTION = AttributeKey.stringKey("kes.command.rejection");

    public static final AttributeKey<String> READ_MODEL = AttributeKey.stringKey("kes.read_model");
    public static final AttributeKey<Long> EVENT_VERSION = AttributeKey.longKey("kes.event.version");
    public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("kes.event.type");
    public static final AttributeKey<String> TRANSFER = AttributeKey.stringKey("kes.transfer.id");

    private SpanAttributes() {}
}
