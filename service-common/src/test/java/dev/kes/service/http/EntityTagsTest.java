package dev.kes.service.http;

import static dev.kes.service.http.EntityTags.noneMatchHit;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void theSameStrongTagMatches() {
        assertThat(noneMatchHit("\"3\"", "\"3\"")).isTrue();
        assertThat(noneMatchHit("\"2\"", "\"3\"")).isFalse();
    }

    @Test
    void comparisonIsWeak() {
        assertThat(noneMatchHit("W/\"3\"", "\"3\"")).isTrue();
        assertThat(noneMatchHit("\"3\"", "W/\"3\"")).isTrue();
        assertThat(noneMatchHit("W/\"2\"", "\"3\"")).isFalse();
    }

    @Test
    void anyTagOfAListMatches() {
        assertThat(noneMatchHit("\"2\", \"3\"", "\"3\"")).isTrue();
        assertThat(noneMatchHit("\"1\",W/\"3\" ,\"4\"", "\"3\"")).isTrue();
        assertThat(noneMatchHit("\"1\", \"2\"", "\"3\"")).isFalse();
        // a comma belongs to the tag it is quoted in
        assertThat(noneMatchHit("\"1,3\"", "\"3\"")).isFalse();
        assertThat(noneMatchHit("\"1,3\"", "\"1,3\"")).isTrue();
    }

    @Test
    void aStarMatchesAnyCurrentRepresentation() {
        assertThat(noneMatchHit("*", "\"3\"")).isTrue();
    }

    @Test
    void aFieldThatIsNotAListOfTagsMatchesNothing() {
        assertThat(noneMatchHit("3", "\"3\"")).isFalse();
        assertThat(noneMatchHit("\"3", "\"3\"")).isFalse();
        assertThat(noneMatchHit("W/3", "\"3\"")).isFalse();
        assertThat(noneMatchHit("", "\"3\"")).isFalse();
    }
}
