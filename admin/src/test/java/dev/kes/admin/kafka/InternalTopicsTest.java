package dev.kes.admin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InternalTopicsTest {

    @Test
    void anApplicationsChangelogRepartitionAndJoinTopicsButNotItsSourceOrAnotherApplications() {
        final List<String> all = List.of(
                "proj-balances-changelog",
                "proj-KSTREAM-AGGREGATE-0000000003-repartition",
                "proj-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007-topic",
                "proj-subscription-response-topic",
                "proj-account-events-changelog", // a source topic that happens to look internal
                "proj-2-balances-changelog", // another application whose id starts like this one
                "proj.account-events",
                "projection-balances-changelog",
                "account-events");

        assertThat(InternalTopics.of("proj", all, Set.of("proj-account-events-changelog"), Set.of("proj-2", "other")))
                .containsExactly(
                        "proj-KSTREAM-AGGREGATE-0000000003-repartition",
                        "proj-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007-topic",
                        "proj-balances-changelog",
                        "proj-subscription-response-topic");
        // without knowing of proj-2, its topic looks like proj's (Kafka's reset tool would delete it)
        assertThat(InternalTopics.of("proj", all, Set.of(), Set.of())).contains("proj-2-balances-changelog");
        assertThat(InternalTopics.ownerAmong("proj-2-balances-changelog", "proj", Set.of("proj-2")))
                .isEqualTo("proj-2");
    }
}
