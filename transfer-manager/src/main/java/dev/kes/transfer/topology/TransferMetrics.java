package dev.kes.transfer.topology;

import dev.kes.service.metrics.Counters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The process manager's counters, so that nothing it skips or dead-letters goes unseen. The names are the exposed
 * Prometheus names.
 */
public final class TransferMetrics {
    /** Per {@code type}: follow-up commands sent (CreditTransfer, RefundTransfer). */
    public static final String COMMANDS_SENT = "kes_transfer_manager_commands_sent_total";
    /** Per {@code type}: follow-ups sent again because the transfer was still pending (also in commands sent). */
    public static final String RESENT = "kes_transfer_manager_follow_ups_resent_total";
    /** Finished transfers removed from the store after their retention. */
    public static final String FORGOTTEN = "kes_transfer_manager_transfers_forgotten_total";
    /** Per {@code status}: transfers that reached a terminal state (COMPLETED, REFUNDED). */
    public static final String FINISHED = "kes_transfer_manager_transfers_finished_total";
    /** Per {@code step}: steps already handled (a redelivered debit, a re-published rejection), which sent nothing. */
    public static final String DUPLICATES = "kes_transfer_manager_duplicate_steps_total";
    /** Per {@code error_class}: records written to the DLQ. */
    public static final String DEAD_LETTERED = "kes_transfer_manager_dead_lettered_total";
    /** Events of a type this build does not know (a newer producer): skipped. */
    public static final String UNKNOWN_TYPE = "kes_transfer_manager_events_unknown_type_total";

    private final Counters counters;

    public TransferMetrics(final MeterRegistry registry) {
        this.counters = new Counters(registry);
    }

    /** Meters nobody reads (tools, tests that do not look at them). */
    public static TransferMetrics unexposed() {
        return new TransferMetrics(new SimpleMeterRegistry());
    }

    void commandSent(final String type) {
        count(COMMANDS_SENT, "type", type);
    }

    void resent(final String type) {
        count(RESENT, "type", type);
    }

    void forgotten() {
        counters.counter(FORGOTTEN).increment();
    }

    void finished(final String status) {
        count(FINISHED, "status", status);
    }

    void duplicate(final String step) {
        count(DUPLICATES, "step", step);
    }

    void deadLettered(final String errorClass) {
        count(DEAD_LETTERED, "error_class", errorClass);
    }

    void unknownType() {
        counters.counter(UNKNOWN_TYPE).increment();
    }

    private void count(final String name, final String tag, final String value) {
        counters.counter(name, tag, value).increment();
    }
}
