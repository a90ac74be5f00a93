package dev.kes.command.topology;

import dev.kes.domain.AccountEvent;
import dev.kes.domain.AccountEvent.AccountOpened;
import dev.kes.domain.PersonalValues;
import dev.kes.service.personal.PersonalData;
import java.util.Objects;

/**
 * Seals the personal fields of an event decided from a command that carried them in clear (a producer writing to the
 * commands topic directly rather than through {@code POST /accounts}), before the event and the snapshot are
 * written: no clear personal value reaches the events topic or the snapshot changelog (docs/adr/0016). Sealing is
 * deterministic, so a command processed again after an aborted transaction yields the same event bytes. Only an
 * accepted decision is sealed: a rejected command makes no data key.
 */
public final class PersonalSealing {
    private static final PersonalSealing OFF = new PersonalSealing(null);

    private final PersonalData personal;

    private PersonalSealing(final PersonalData personal) {
        this.personal = personal;
    }

    /** Sealing with the service's data keys: what a running command service does. */
    public static PersonalSealing with(final PersonalData personal) {
        return new PersonalSealing(Objects.requireNonNull(personal, "personal"));
    }

    /** Clear values written as they come: for topology tests and benchmarks only, never a running service. */
    public static PersonalSealing off() {
        return OFF;
    }

    /** The event with its clear personal fields sealed; an event without any is returned as it is. */
    AccountEvent seal(final AccountEvent event) {
        if (personal == null
                || !(event instanceof AccountOpened opened)
                || opened.holder() == null
                || PersonalValues.isSealed(opened.holder())) {
            return event;
        }
        return new AccountOpened(
                opened.accountId(),
                opened.version(),
                opened.occurredAt(),
                personal.sealAsOnlyWriter(opened.accountId(), "holder", opened.holder()),
                opened.initialDeposit());
    }
}
