package dev.kes.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The idempotent-by-version wrapper, over the in-memory applied versions. */
class EventHandlersTest {
    private final AppliedVersions applied = AppliedVersions.inMemory();
    private final List<String> handled = new ArrayList<>();
    private final EventHandler handler =
            EventHandlers.idempotentByVersion(applied, event -> handled.add(event.accountId() + "@" + event.version()));

    @Test
    void eventsDeliveredAgainAfterACrashAreSkipped() throws Exception {
        for (long version = 1; version <= 3; version++) {
            handler.handle(event("acc-1", version));
        }
        // the checkpoint was at version 1 when the process died: 2 and 3 come again, then 4
        for (long version = 2; version <= 4; version++) {
            handler.handle(event("acc-1", version));
        }

        assertThat(handled).containsExactly("acc-1@1", "acc-1@2", "acc-1@3", "acc-1@4");
        assertThat(applied.lastApplied("acc-1")).isEqualTo(4);
    }

    @Test
    void accountsAreTrackedEachOnTheirOwn() throws Exception {
        handler.handle(event("acc-1", 1));
        handler.handle(event("acc-2", 1));
        handler.handle(event("acc-1", 2));
        handler.handle(event("acc-2", 1));

        assertThat(handled).containsExactly("acc-1@1", "acc-2@1", "acc-1@2");
        assertThat(applied.lastApplied("acc-3")).isZero();
    }

    @Test
    void aGapIsReportedNamingTheAccountAndTheVersionsAndTheEventIsNotApplied() throws Exception {
        handler.handle(event("acc-1", 1));

        assertThatThrownBy(() -> handler.handle(event("acc-1", 4)))
                .isInstanceOfSatisfying(VersionGapException.class, e -> {
                    assertThat(e.accountId()).isEqualTo("acc-1");
                    assertThat(e.lastApplied()).isEqualTo(1);
                    assertThat(e.version()).isEqualTo(4);
                })
                .hasMessage("account acc-1: event version 4 arrived but the last version applied is 1, so versions 2 "
                        + "to 3 were never applied");
        assertThatThrownBy(() -> handler.handle(event("acc-2", 2)))
                .hasMessage("account acc-2: event version 2 "
                        + "arrived but the last version applied is 0, so version 1 was never applied");
        assertThat(handled).containsExactly("acc-1@1");
        assertThat(applied.lastApplied("acc-1")).isEqualTo(1);
    }

    @Test
    void aSubscriptionStartingMidStreamCanApplyAcrossAGap() throws Exception {
        final EventHandler midStream = EventHandlers.idempotentByVersion(
                applied, event -> handled.add(event.accountId() + "@" + event.version()), EventHandlers.OnGap.APPLY);

        midStream.handle(event("acc-1", 7));
        midStream.handle(event("acc-1", 7));
        midStream.handle(event("acc-1", 8));

        assertThat(handled).containsExactly("acc-1@7", "acc-1@8");
    }

    @Test
    void aHandlerThatThrowsLeavesTheVersionUnappliedSoTheRedeliveryAppliesIt() throws Exception {
        final EventHandler failingOnce = EventHandlers.idempotentByVersion(applied, new EventHandler() {
            private boolean failed;

            @Override
            public void handle(final SubscribedEvent event) {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("database down");
                }
                handled.add(event.accountId() + "@" + event.version());
            }
        });

        assertThatThrownBy(() -> failingOnce.handle(event("acc-1", 1))).hasMessage("database down");
        failingOnce.handle(event("acc-1", 1));

        assertThat(handled).containsExactly("acc-1@1");
    }

    private static SubscribedEvent event(final String account, final long version) {
        return new SubscribedEvent(
                EventsTopic.deposited(account, version),
                "MoneyDeposited",
                account,
                version,
                EventsTopic.AT,
                0,
                version - 1,
                Position.beginning().after(0, version - 1));
    }
}
