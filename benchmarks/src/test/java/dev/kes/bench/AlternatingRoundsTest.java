package dev.kes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AlternatingRoundsTest {

    @Test
    void theFirstVariantRunsFirstInOddRounds() {
        assertThat(AlternatingRounds.order(1, "a", "b")).containsExactly("a", "b");
        assertThat(AlternatingRounds.order(2, "a", "b")).containsExactly("b", "a");
        assertThat(AlternatingRounds.order(3, "a", "b")).containsExactly("a", "b");
    }

    @Test
    void theCostIsTakenFromTheMedianRatio() {
        assertThat(AlternatingRounds.median(new double[] {2.5, 0.57, 0.76})).isEqualTo(0.76);
        assertThat(AlternatingRounds.median(new double[] {1.0, 0.9, 0.8, 1.2})).isEqualTo(0.95, within(1e-9));
    }

    @Test
    void eachVariantsMedianIsShownBesideTheOthers() {
        assertThat(AlternatingRounds.medians(new double[][] {{12.34, 11.0, 20.0}, {3.0, 4.0}}))
                .isEqualTo("12.3 / 3.5");
    }

    @Test
    void eachRoundsRatioIsShownAsAPercentage() {
        assertThat(AlternatingRounds.percents(new double[] {0.971, 1.0, 0.9554}))
                .isEqualTo("97.1% 100.0% 95.5%");
    }
}
