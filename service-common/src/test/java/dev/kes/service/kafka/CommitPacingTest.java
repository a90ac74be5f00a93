package dev.kes.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CommitPacingTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final CommitPacing pacing = new CommitPacing(now::get);

    @Test
    void aThreadThatHasNotCommittedYetMayCommitAtOnce() {
        assertThat(pacing.mayCommit()).isTrue();
    }

    @Test
    void theNextCommitWaitsAsLongAsTheLastOneTookSinceItEnded() {
        pacing.starting();
        now.addAndGet(15);
        pacing.ended();

        assertThat(pacing.mayCommit()).isFalse();
        now.addAndGet(14);
        assertThat(pacing.mayCommit()).isFalse();
        now.addAndGet(1);
        assertThat(pacing.mayCommit()).isTrue();
    }

    @Test
    void aCommitIsTimedFromItsFirstStepNotItsLast() {
        pacing.starting(); // offsets sent
        now.addAndGet(10);
        pacing.starting(); // the commit itself: still the same commit
        now.addAndGet(5);
        pacing.ended();

        now.addAndGet(14);
        assertThat(pacing.mayCommit()).isFalse();
        now.addAndGet(1);
        assertThat(pacing.mayCommit()).isTrue();
    }

    @Test
    void eachCommitIsTimedOnItsOwn() {
        pacing.starting();
        now.addAndGet(40);
        pacing.ended();
        now.addAndGet(40);
        pacing.starting();
        now.addAndGet(2);
        pacing.ended();

        now.addAndGet(2);
        assertThat(pacing.mayCommit()).isTrue();
    }
}
