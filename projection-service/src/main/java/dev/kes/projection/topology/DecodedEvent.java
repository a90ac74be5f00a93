package dev.kes.projection.topology;

import dev.kes.domain.AccountEvent;

/** One record of account-events, decoded once for every read model; {@code bytes} are the original value. */
record DecodedEvent(AccountEvent event, byte[] bytes) {}
