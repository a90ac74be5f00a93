package dev.kes.domain;

import java.util.Set;

/**
 * Personal fields reach the domain sealed (encrypted where they entered, docs/adr/0016): the decider keeps them as
 * opaque text and never needs the clear value.
 */
public final class PersonalValues {
    /** How a sealed value starts; a clear holder may not, so that no clear text passes for a sealed one. */
    public static final String SEALED_PREFIX = "kes:pii:";
    /** The personal fields of commands, events and views, by name. */
    public static final Set<String> FIELDS = Set.of("holder");
    /** A sealed holder of the longest clear one (200 characters of up to 4 UTF-8 bytes) fits. */
    public static final int MAX_SEALED_LENGTH = 1200;

    private PersonalValues() {}

    public static boolean isSealed(final String value) {
        return value != null && value.startsWith(SEALED_PREFIX);
    }
}
