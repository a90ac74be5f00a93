package dev.kes.domain;

import java.util.List;

/** The outcome of {@link AccountDecider#decide}: the events to append, or a rejection. */
public sealed interface Decision {

    record Accepted(List<AccountEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected(Rejection rejection) implements Decision {}

    static Decision accept(final AccountEvent... events) {
        return new Accepted(List.of(events));
    }

    static Decision reject(final Rejection.Reason reason, final String message, final Account state) {
        return new Rejected(new Rejection(reason, message, state.version()));
    }
}
