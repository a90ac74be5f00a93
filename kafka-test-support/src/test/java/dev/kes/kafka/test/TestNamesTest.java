package dev.kes.kafka.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class TestNamesTest {

    @Test
    void prefixCounterAndRandomHex() {
        assertThat(TestNames.unique("orders")).matches("orders-\\d+-[0-9a-f]{8}");
    }

    @Test
    void uniqueAndValidTopicNames() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String name = TestNames.unique("my topic/with:odd chars " + "x".repeat(i % 300));
            Topic.validate(name); // throws InvalidTopicException when invalid
            names.add(name);
        }
        assertThat(names).hasSize(1000);
        assertThat(TestNames.unique("a b")).startsWith("a-b-");
    }
}
