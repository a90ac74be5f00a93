package dev.kes.admin.generations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kes.admin.ExitCodes;
import dev.kes.admin.kafka.ApplicationGroup;
import dev.kes.admin.testing.Cli;
import dev.kes.admin.testing.Partitioning;
import dev.kes.admin.testing.ProjectedAccounts;
import dev.kes.admin.testing.Services;
import dev.kes.kafka.test.KafkaTestCluster;
import dev.kes.kafka.test.TestNames;
import dev.kes.kafka.test.WithKafka;
import dev.kes.projection.ProjectionService;
import dev.kes.service.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code es-admin projection rebuild}: a second generation is started, refused a cutover while it is behind or not
 * running, cut over to once caught up, and the first generation is removed only once it is inactive and stopped;
 * every refusal changes nothing, and the old generation answers the same throughout.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionRebuildTest {
    private static final List<String> ACCOUNTS = Partitioning.spread("g", 3, 2);
    private static final String GENERATION = "g2";

    private KafkaTestCluster kafka;
    private Path stateDir;
    private String base;
    private String next;
    private TopicNames topics;
    private ProjectionService old;
    private ProjectionService rebuilt;
    private Map<String, String> balances;

    @BeforeAll
    void runTheFirstGeneration(final KafkaTestCluster cluster, @TempDir final Path stateDirs) throws Exception {
        kafka = cluster;
        stateDir = stateDirs;
        base = TestNames.unique("rebuild");
        next = base + "-" + GENERATION;
        topics = TopicNames.prefixed(base);
        ProjectedAccounts.write(kafka, topics, ACCOUNTS);
        old = Services.projection(kafka, base, topics, stateDir.resolve("old"));
        balances = ProjectedAccounts.awaitBalances(old, ACCOUNTS);
        assertThat(balances).hasSize(ACCOUNTS.size()).containsEntry(ACCOUNTS.get(3), "109.00");
    }

    @AfterAll
    void stop() throws Exception {
        Services.closeAll(old, rebuilt);
    }

    @Test
    @Order(1)
    void startCommitsTheBeginningForANewGenerationAndRefusesItOnceInUse() {
        final Cli.Run start = rebuild("start", "--generation", GENERATION);
        assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.OK);
        assertThat(start.out())
                .contains("rebuild start " + next + " (generation g2 of " + base + "; active: " + base + ")")
                .contains(topics.events() + "-0  0")
                .contains("projection.generation=g2");

        final Cli.Run again = rebuild("start", "--generation", GENERATION);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("refusing to start " + next + ": the application id is in use");
    }

    @Test
    @Order(2)
    void cutoverRefusesAGenerationThatNeverRanIsBehindOrRunsNoInstance() {
        final Cli.Run never = rebuild("cutover", "--generation", "never");
        assertThat(never.exitCode()).as(never.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(never.err()).contains("refusing to cut over to " + base + "-never: it has never run");

        final Cli.Run behind = rebuild("cutover", "--generation", GENERATION, "--max-lag", "0");
        assertThat(behind.exitCode()).as(behind.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(behind.err())
                .contains("refusing to cut over to " + next + ": it is still rebuilding, lag " + ACCOUNTS.size() * 3
                        + " > 0 records");

        final Cli.Run idle = rebuild("cutover", "--generation", GENERATION, "--max-lag", "1000000");
        assertThat(idle.exitCode()).as(idle.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(idle.err()).contains("refusing to cut over to " + next + ": no instance of it runs");

        final Cli.Run status = rebuild("status", "--generation", GENERATION);
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.OK);
        assertThat(status.out())
                .contains("generation " + next + " of " + base + " (active: " + base + ")")
                .contains("instances: none running")
                .contains("cutover: not yet, no instance of it runs");
    }

    @Test
    @Order(3)
    void theActiveGenerationIsNeverCleanedUp() {
        final Cli.Run cleanup = rebuild("cleanup");
        assertThat(cleanup.exitCode()).as(cleanup.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(cleanup.err()).contains("refusing to clean up " + base + ": it is the active generation");
    }

    @Test
    @Order(4)
    void theNewGenerationRebuildsBesideTheOldOneAndTakesOverOnceCaughtUp() throws Exception {
        rebuilt = Services.projection(
                kafka, base, topics, stateDir.resolve("new"), Map.of("projection.generation", GENERATION));
        assertThat(ProjectedAccounts.awaitBalances(rebuilt, ACCOUNTS)).isEqualTo(balances);
        assertThat(ProjectedAccounts.awaitBalances(old, ACCOUNTS))
                .as("the old generation answers as before")
                .isEqualTo(balances);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(rebuild("status", "--generation", GENERATION, "--max-lag", "0")
                                .out())
                        .contains("cutover: allowed (lag 0 <= 0)"));

        final Cli.Run cutover = rebuild("cutover", "--generation", GENERATION, "--max-lag", "0");
        assertThat(cutover.exitCode()).as(cutover.toString()).isEqualTo(ExitCodes.OK);
        assertThat(cutover.out())
                .contains("cutover " + base + ": " + base + " -> " + next)
                .contains("es-admin projection rebuild cleanup --application-id " + base + "\n");
        assertThat(rebuild("status", "--generation", GENERATION).out())
                .contains("generation " + next + " of " + base + " (active)");

        final Cli.Run startActive = rebuild("start", "--generation", GENERATION);
        assertThat(startActive.exitCode()).as(startActive.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(startActive.err()).contains("refusing to start " + next + ": it is the active generation");
        final Cli.Run again = rebuild("cutover", "--generation", GENERATION);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("it is already the active generation");
        final Cli.Run cleanupActive = rebuild("cleanup", "--generation", GENERATION);
        assertThat(cleanupActive.exitCode()).as(cleanupActive.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(cleanupActive.err()).contains("refusing to clean up " + next + ": it is the active generation");
    }

    @Test
    @Order(5)
    void theOldGenerationIsRemovedOnlyOnceStoppedAndTheNewOneKeepsItsTopics() throws Exception {
        final Cli.Run running = rebuild("cleanup");
        assertThat(running.exitCode()).as(running.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(running.err()).contains("refusing to clean up " + base + ": it is running");

        old.close();
        old = null;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(internalTopics(admin, base)).contains(base + "-balances-changelog");
            final Set<String> before = internalTopics(admin, next);
            assertThat(before).contains(next + "-balances-changelog");

            final Cli.Run cleanup = rebuild("cleanup");
            assertThat(cleanup.exitCode()).as(cleanup.toString()).isEqualTo(ExitCodes.OK);
            assertThat(cleanup.out())
                    .contains("consumer group to delete: " + base)
                    .contains(base + "-balances-changelog")
                    .doesNotContain(next + "-");

            assertThat(ApplicationGroup.allGroupIds(admin, Duration.ofSeconds(30)))
                    .doesNotContain(base)
                    .contains(next);
            assertThat(internalTopics(admin, base)).containsExactlyInAnyOrderElementsOf(before);
        }
        assertThat(ProjectedAccounts.awaitBalances(rebuilt, ACCOUNTS)).isEqualTo(balances);
        final Cli.Run nothing = rebuild("cleanup");
        assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(nothing.err()).contains("it has no consumer group and no internal topics");
    }

    private Cli.Run rebuild(final String step, final String... args) {
        return Cli.rebuild(kafka, topics, base, step, args);
    }

    /** Every internal topic whose name starts with {@code prefix-}: the old generation's and, for the base, the new. */
    private static Set<String> internalTopics(final Admin admin, final String prefix) throws Exception {
        return admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(prefix + "-") && name.endsWith("-changelog")
                        || name.startsWith(prefix + "-") && name.endsWith("-repartition"))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
