package dev.kes.client.events;

import java.util.Objects;

/** Wrappers that give an {@link EventHandler} guarantees the subscription's at-least-once delivery does not. */
public final class EventHandlers {

    /** What {@link #idempotentByVersion(AppliedVersions, EventHandler, OnGap)} does with a version gap. */
    public enum OnGap {
        /** Throw a {@link VersionGapException}: the subscription stops at that event, unapplied and uncommitted. */
        FAIL,
        /**
         * Apply it: for a subscription that deliberately starts mid-stream (from an instant or a position) and whose
         * applied versions start empty. Gaps after an account's first event still mean lost events; use FAIL
         * whenever the subscription reads each account from its first event.
         */
        APPLY
    }

    private EventHandlers() {}

    /**
     * Applies each event of an account once, in version order, across redeliveries: an event whose version is at
     * most the last applied one (delivered again after a crash before the checkpoint) is skipped; after the handler
     * returns, its version is recorded. A gap (version above the last applied + 1) throws {@link VersionGapException}.
     */
    public static EventHandler idempotentByVersion(final AppliedVersions applied, final EventHandler handler) {
        return idempotentByVersion(applied, handler, OnGap.FAIL);
    }

    /** As {@link #idempotentByVersion(AppliedVersions, EventHandler)}, with a choice about gaps. */
    public static EventHandler idempotentByVersion(
            final AppliedVersions applied, final EventHandler handler, final OnGap onGap) {
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(onGap, "onGap");
        return event -> {
            final long last = applied.lastApplied(event.accountId());
            if (event.version() <= last) {
                return;
            }
            if (event.version() > last + 1 && onGap == OnGap.FAIL) {
                throw new VersionGapException(event.accountId(), last, event.version());
            }
            handler.handle(event);
            applied.applied(event.accountId(), event.version());
        };
    }
}
