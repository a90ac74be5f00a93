package dev.kes.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kes.service.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The projection's own keys for readiness and generations: defaults, effect and refusals. */
class ProjectionServiceConfigTest {

    @Test
    void withoutAGenerationTheApplicationIdIsAsConfigured() {
        final ProjectionServiceConfig config = ProjectionServiceConfig.of(Map.of());
        assertThat(config.applicationId()).isEqualTo("kes-projection-service");
        assertThat(config.readyMaxLag()).isEqualTo(1000);
        assertThat(ProjectionServiceConfig.keys().reads("projection.generation"))
                .isTrue();
        assertThat(ProjectionServiceConfig.keys().reads("projection.ready.max.lag"))
                .isTrue();
    }

    @Test
    void aGenerationSuffixesTheApplicationId() {
        assertThat(ProjectionServiceConfig.of(Map.of("application.id", "proj", "projection.generation", "2026-12"))
                        .applicationId())
                .isEqualTo("proj-2026-12");
    }

    @Test
    void aGenerationThatCannotBePartOfATopicNameOrANegativeLagBoundIsRefused() {
        assertThatThrownBy(() -> ProjectionServiceConfig.of(Map.of("projection.generation", "a/b")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("projection.generation");
        assertThatThrownBy(() -> ProjectionServiceConfig.of(Map.of("projection.ready.max.lag", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("projection.ready.max.lag must be 0 or more, got -1");
        assertThat(ProjectionServiceConfig.of(Map.of("projection.ready.max.lag", "0"))
                        .readyMaxLag())
                .isZero();
    }
}
