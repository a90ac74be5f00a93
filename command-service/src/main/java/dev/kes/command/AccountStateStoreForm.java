package dev.kes.command;

import dev.kes.service.config.ConfigException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The two forms of the command processor's account-state store, {@code account.state.store} (ADR 0013). */
public enum AccountStateStoreForm {
    /** Decoded accounts written at Kafka Streams' pre-commit flush of an internal interface; refuses untested versions. */
    INTERNAL_API("internal-api"),
    /** Decoded accounts in front of Kafka Streams' own record cache: public API only, fewer commands/s. */
    PUBLIC_API("public-api");

    private final String key;

    AccountStateStoreForm(final String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static AccountStateStoreForm parse(final String value) {
        return Arrays.stream(values())
                .filter(form -> form.key.equals(value))
                .findFirst()
                .orElseThrow(() -> new ConfigException("account.state.store must be one of "
                        + Arrays.stream(values())
                                .map(AccountStateStoreForm::key)
                                .collect(Collectors.joining(", "))
                        + ", not '" + value + "'"));
    }
}
