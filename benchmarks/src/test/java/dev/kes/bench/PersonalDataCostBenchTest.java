package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataCostBenchTest {

    @Test
    void theVariantsAlternateWhichRunsFirst() {
        assertThat(PersonalDataCostBench.order(1))
                .containsExactly(PersonalDataCostBench.SEALED, PersonalDataCostBench.OFF);
        assertThat(PersonalDataCostBench.order(2))
                .containsExactly(PersonalDataCostBench.OFF, PersonalDataCostBench.SEALED);
        assertThat(PersonalDataCostBench.order(3)).isEqualTo(PersonalDataCostBench.order(1));
    }

    @Test
    void personalDataCostIsABenchmarkWithThreeRoundsByDefault() {
        assertThat(BenchOptions.parse(PersonalDataCostBench.NAME).rounds()).isEqualTo(3);
        assertThat(BenchOptions.parse(PersonalDataCostBench.NAME, "--rounds", "1")
                        .rounds())
                .isEqualTo(1);
    }
}
