package dev.kes.domain;

/**
 * The account id rule, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}: ids travel in URLs and Kafka keys, so they stay short
 * and unambiguous, and never contain the 0x00 the projection's store keys use as a separator.
 *
 * <p>Checked by hand rather than with a regex: the projection checks every key it builds, several per event, and a
 * {@link java.util.regex.Matcher} per check costs more than the check itself.
 */
public final class AccountIds {
    public static final int MAX_LENGTH = 64;
    /** The same rule as a pattern, for documentation and for the test that keeps the two equal. */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private AccountIds() {}

    public static boolean isValid(final String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || !isAlphanumeric(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            final char c = id.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(final char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
