package dev.kes.command.topology;

import dev.kes.domain.AccountEvent;
import dev.kes.domain.AccountEvent.AccountOpened;
import dev.kes.domain.PersonalValues;
import dev.kes.service.personal.PersonalData;
import dev.kes.service.personal.PersonalKeys;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Seals the personal fields of an event decided from a command that carried them in clear (a producer writing to the
 * commands topic directly rather than through {@code POST /accounts}), before the event and the snapshot are
 * written: no clear personal value reaches the events topic or the snapshot changelog (docs/adr/0016). A new account's
 * data key is written to the keys topic in the same transaction as its event. Only an accepted decision is sealed: a
 * rejected command makes no data key.
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

    /** Whether this seals (a running service), so that the topology needs its keys-topic sink. */
    boolean isOn() {
        return personal != null;
    }

    /**
     * The event with its clear personal fields sealed; an event without any is returned as it is. A data key made for
     * it goes to {@code newKeys} as its keys-topic record (record key, value), to be written in the same transaction
     * as the event: a key whose transaction aborts is never used, and the stream thread waits for no write of its own.
     */
    AccountEvent seal(final AccountEvent event, final BiConsumer<String, byte[]> newKeys) {
        if (personal == null
                || !(event instanceof AccountOpened opened)
                || opened.holder() == null
                || PersonalValues.isSealed(opened.holder())) {
            return event;
        }
        final PersonalKeys.NewKey key = personal.knownOrNewKey(opened.accountId());
        if (key.isNew()) {
            newKeys.accept(key.recordKey(), key.value());
        }
        return new AccountOpened(
                opened.accountId(),
                opened.version(),
                opened.occurredAt(),
                personal.sealWith(key.key(), opened.accountId(), "holder", opened.holder()),
                opened.initialDeposit());
    }
}
