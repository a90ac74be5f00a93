package dev.kes.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.service.config.ConfigException;
import dev.kes.service.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTest {
    private static final String WRITER = "writer-token-0123456789";
    private static final String READER = "reader-token-0123456789";

    private static AccessTokens tokens(final Map<String, String> settings) {
        return AccessTokens.from(Settings.of(settings));
    }

    @Test
    void offWhenNothingIsConfigured() {
        assertThat(tokens(Map.of()).enabled()).isFalse();
        assertThat(tokens(Map.of(AccessTokens.TOKENS_KEY, " ")).enabled()).isFalse();
        assertThat(AccessTokens.none().scopesOf(READER)).isEmpty();
    }

    @Test
    void inlineEntriesGiveEachTokenItsScopes() {
        final AccessTokens tokens =
                tokens(Map.of(AccessTokens.TOKENS_KEY, WRITER + ":read+write, " + READER + ":READ"));
        assertThat(tokens.enabled()).isTrue();
        assertThat(tokens.scopesOf(WRITER)).contains(Set.of(Scope.READ, Scope.WRITE));
        assertThat(tokens.scopesOf(READER)).contains(Set.of(Scope.READ));
        assertThat(tokens.scopesOf(READER + "x")).isEmpty();
        assertThat(tokens.scopesOf("")).isEmpty();
    }

    @Test
    void aFileAddsEntriesOnePerLineWithComments(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("tokens");
        Files.writeString(file, "# the scraper\n" + READER + ":read   # prometheus\n\n" + WRITER + ":write\n");
        final AccessTokens tokens = tokens(Map.of(AccessTokens.FILE_KEY, file.toString()));
        assertThat(tokens.scopesOf(READER)).contains(Set.of(Scope.READ));
        assertThat(tokens.scopesOf(WRITER)).contains(Set.of(Scope.WRITE));
    }

    @Test
    void anEmptyOrMissingFileStopsTheStartRatherThanRunningOpen(@TempDir final Path dir) throws Exception {
        final Path empty = Files.writeString(dir.resolve("empty"), "# nobody yet\n");
        assertThatThrownBy(() -> tokens(Map.of(AccessTokens.FILE_KEY, empty.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("holds no token");
        assertThatThrownBy(() -> tokens(
                        Map.of(AccessTokens.FILE_KEY, dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AccessTokens.FILE_KEY);
    }

    @Test
    void malformedEntriesAreRefusedWithoutEchoingTheToken() {
        final String weak = "short:read";
        final String noScope = WRITER;
        final String badScope = WRITER + ":superuser";
        final String twice = WRITER + ":read," + WRITER + ":write";
        final String badChars = "has spaces in the token:read";
        for (final String entry : new String[] {weak, noScope, badScope, twice, badChars}) {
            assertThatThrownBy(() -> tokens(Map.of(AccessTokens.TOKENS_KEY, entry)))
                    .as(entry)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(AccessTokens.TOKENS_KEY)
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain(WRITER)
                            .doesNotContain("short")
                            .doesNotContain("has spaces"));
        }
    }

    @Test
    void toStringNeverShowsATokenAndScopesFollowTheMethod() {
        assertThat(tokens(Map.of(AccessTokens.TOKENS_KEY, WRITER + ":write")).toString())
                .isEqualTo("AccessTokens[1 token(s)]");
        assertThat(Scope.requiredFor("GET", "/accounts/a")).contains(Scope.READ);
        assertThat(Scope.requiredFor("GET", "/metrics")).contains(Scope.READ);
        assertThat(Scope.requiredFor("POST", "/accounts")).contains(Scope.WRITE);
        assertThat(Scope.requiredFor("DELETE", "/accounts/a/personal-data")).contains(Scope.ADMIN);
        assertThat(Scope.requiredFor("GET", "/health/ready")).isEmpty();
        assertThat(Scope.requiredFor("GET", "/ui/")).isEmpty();
        assertThat(Scope.requiredFor("GET", "/ui/console.js")).isEmpty();
        assertThat(Scope.requiredFor("GET", "/uixyz")).contains(Scope.READ);
    }
}
