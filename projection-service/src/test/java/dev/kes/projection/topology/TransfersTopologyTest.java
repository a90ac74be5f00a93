package dev.kes.projection.topology;

import static dev.kes.projection.topology.TestEvents.credited;
import static dev.kes.projection.topology.TestEvents.debited;
import static dev.kes.projection.topology.TestEvents.money;
import static dev.kes.projection.topology.TestEvents.opened;
import static dev.kes.projection.topology.TestEvents.refunded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.projection.ProjectionServiceConfig;
import dev.kes.schemas.view.TransferStatus;
import dev.kes.schemas.view.TransferView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The transfers read model: the transfer events re-keyed by transferId and folded in any order, idempotently. */
class TransfersTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant DEBITED = T0.plusSeconds(10);
    private static final Instant ENDED = T0.plusSeconds(11);

    @AutoClose
    private final ProjectionDriver driver = new ProjectionDriver();

    private void openBoth() {
        driver.pipe(opened("src", T0, "100"));
        driver.pipe(opened("dst", T0, "5"));
    }

    @Test
    void aDebitIsPendingAndItsCreditCompletesIt() {
        openBoth();
        driver.pipe(debited("src", 2, DEBITED, "t1", "dst", "30", "70"));
        assertThat(driver.transfers().get("t1"))
                .isEqualTo(new TransferView(
                        "t1", "src", "dst", money("30"), "rent", TransferStatus.PENDING, null, DEBITED, null));

        driver.pipe(credited("dst", 2, ENDED, "t1", "src", "30", "35"));
        assertThat(driver.transfers().get("t1"))
                .isEqualTo(new TransferView(
                        "t1", "src", "dst", money("30"), "rent", TransferStatus.COMPLETED, null, DEBITED, ENDED));
    }

    @Test
    void aRefundEndsItWithTheReason() {
        openBoth();
        driver.pipe(debited("src", 2, DEBITED, "t1", "dst", "30", "70"));
        driver.pipe(refunded("src", 3, ENDED, "t1", "dst", "30", "account dst is closed", "100"));
        final TransferView view = driver.transfers().get("t1");
        assertThat(view.getStatus()).isEqualTo(TransferStatus.REFUNDED);
        assertThat(view.getReason()).isEqualTo("account dst is closed");
        assertThat(view.getRequestedAt()).isEqualTo(DEBITED);
        assertThat(view.getCompletedAt()).isEqualTo(ENDED);
        assertThat(view.getDescription()).isEqualTo("rent");
    }

    @Test
    void anOutcomeSeenBeforeItsDebitStillEndsRight() {
        openBoth();
        // the target's partition ran ahead of the source's
        driver.pipe(credited("dst", 2, ENDED, "t1", "src", "30", "35"));
        assertThat(driver.transfers().get("t1"))
                .as("not shown before its debit")
                .isNull();

        driver.pipe(debited("src", 2, DEBITED, "t1", "dst", "30", "70"));
        assertThat(driver.transfers().get("t1"))
                .isEqualTo(new TransferView(
                        "t1", "src", "dst", money("30"), "rent", TransferStatus.COMPLETED, null, DEBITED, ENDED));
        driver.pipe(debited("src", 2, DEBITED, "t1", "dst", "30", "70"));
        assertThat(driver.transfers().get("t1").getStatus()).isEqualTo(TransferStatus.COMPLETED);
    }

    @Test
    void aRefundSeenBeforeItsDebitStillEndsRight() {
        openBoth();
        driver.pipe(refunded("src", 3, ENDED, "t1", "dst", "30", "account dst is closed", "100"));
        driver.pipe(debited("src", 2, DEBITED, "t1", "dst", "30", "70"));
        final TransferView view = driver.transfers().get("t1");
        assertThat(view.getStatus()).isEqualTo(TransferStatus.REFUNDED);
        assertThat(view.getReason()).isEqualTo("account dst is closed");
        assertThat(view.getRequestedAt()).isEqualTo(DEBITED);
        assertThat(view.getCompletedAt()).isEqualTo(ENDED);
    }

    @Test
    void redeliveriesNeverChangeAnEndedTransfer() {
        openBoth();
        driver.pipe(debited("src", 2, DEBITED, "t1", "dst", "30", "70"));
        driver.pipe(credited("dst", 2, ENDED, "t1", "src", "30", "35"));
        final TransferView completed = driver.transfers().get("t1");

        driver.pipe(debited("src", 2, DEBITED, "t1", "dst", "30", "70"));
        driver.pipe(credited("dst", 2, ENDED.plusSeconds(5), "t1", "src", "30", "35"));
        // an outcome that contradicts the first: the first one stands
        driver.pipe(refunded("src", 3, ENDED.plusSeconds(9), "t1", "dst", "30", "late", "100"));
        assertThat(driver.transfers().get("t1")).isEqualTo(completed);
        assertThat(driver.counter(ProjectionMetrics.APPLIED, StoreNames.TRANSFERS))
                .isEqualTo(2);
        assertThat(driver.counter(ProjectionMetrics.DUPLICATES, StoreNames.TRANSFERS))
                .isEqualTo(3);
    }

    @Test
    void aSecondOutcomeBeforeTheDebitDoesNotReplaceTheFirst() {
        openBoth();
        driver.pipe(credited("dst", 2, ENDED, "t1", "src", "30", "35"));
        driver.pipe(refunded("src", 3, ENDED.plusSeconds(1), "t1", "dst", "30", "late", "100"));
        driver.pipe(debited("src", 2, DEBITED, "t1", "dst", "30", "70"));
        assertThat(driver.transfers().get("t1").getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(driver.transfers().get("t1").getReason()).isNull();
    }

    @Test
    void transfersAreKeptApart() {
        openBoth();
        driver.pipe(debited("src", 2, DEBITED, "t1", "dst", "30", "70"));
        driver.pipe(debited("src", 3, DEBITED, "t2", "dst", "20", "50"));
        driver.pipe(credited("dst", 2, ENDED, "t2", "src", "20", "25"));
        assertThat(driver.transfers().get("t1").getStatus()).isEqualTo(TransferStatus.PENDING);
        assertThat(driver.transfers().get("t2").getStatus()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(driver.transfers().get("t2").getAmount()).isEqualByComparingTo("20");
    }

    @Test
    void theRepartitionTopicHasANameOfOurs() {
        final TopologyDescription description = ProjectionTopology.build(
                        ProjectionServiceConfig.of(Map.of("application.id", "names")),
                        new ProjectionMetrics(new SimpleMeterRegistry()))
                .describe();
        final String text = description.toString();
        assertThat(text).contains("topics: [" + StoreNames.TRANSFERS_BY_ID + "-repartition]");
        assertThat(text).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        // the account read models stay in sub-topology 0, so the task directories of existing state stay theirs
        final TopologyDescription.Subtopology first = description.subtopologies().stream()
                .filter(sub -> sub.id() == 0)
                .findFirst()
                .orElseThrow();
        assertThat(first.nodes()).anyMatch(node -> node.name().equals(ProjectionTopology.PROJECTOR));
    }
}
