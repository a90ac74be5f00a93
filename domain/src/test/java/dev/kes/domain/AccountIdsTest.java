package dev.kes.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AccountIdsTest {
    private static final Pattern RULE = Pattern.compile(AccountIds.PATTERN);
    private static final String ALPHABET = "aZ09._-/ \u0000é\u212A+:%";

    @Test
    void edgeCases() {
        assertThat(AccountIds.isValid("acc-000042")).isTrue();
        assertThat(AccountIds.isValid("A")).isTrue();
        assertThat(AccountIds.isValid("a".repeat(64))).isTrue();
        assertThat(AccountIds.isValid("a".repeat(65))).isFalse();
        assertThat(AccountIds.isValid(null)).isFalse();
        assertThat(AccountIds.isValid("")).isFalse();
        assertThat(AccountIds.isValid("-a")).isFalse();
        assertThat(AccountIds.isValid(".a")).isFalse();
        assertThat(AccountIds.isValid("a\u0000b")).isFalse();
        assertThat(AccountIds.isValid("\u212A")).isFalse(); // Kelvin sign: a letter, but not an ASCII one
    }

    @Test
    void agreesWithThePatternOnRandomStrings() {
        final Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            final StringBuilder id = new StringBuilder();
            final int length = random.nextInt(70);
            for (int c = 0; c < length; c++) {
                id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            final String candidate = id.toString();
            assertThat(AccountIds.isValid(candidate))
                    .as("'%s'", candidate)
                    .isEqualTo(RULE.matcher(candidate).matches());
        }
    }
}
