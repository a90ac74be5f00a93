package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.service.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code http.cors.origins}: none by default (no CORS header at all), else exact origins. That the service answers
 * them is ConsoleBrowserTest's to show (the console posts across origins) and CorsTest's for the headers.
 */
class CorsOriginsConfigTest {
    @Test
    void noOriginByDefault() {
        assertThat(CommandServiceConfig.of(Map.of()).corsOrigins()).isEmpty();
        assertThat(CommandServiceConfig.keys().reads("http.cors.origins")).isTrue();
    }

    @Test
    void listedOriginsOnly() {
        assertThat(CommandServiceConfig.of(Map.of("http.cors.origins", "http://127.0.0.1:8081, http://localhost:8081"))
                        .corsOrigins())
                .containsExactlyInAnyOrder("http://127.0.0.1:8081", "http://localhost:8081");
        assertThatThrownBy(() -> CommandServiceConfig.of(Map.of("http.cors.origins", "*")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.cors.origins");
    }
}
