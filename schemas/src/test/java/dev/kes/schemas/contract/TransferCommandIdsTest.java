package dev.kes.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransferCommandIdsTest {

    @Test
    void eachFollowUpIdLeadsBackToItsTransferAndOnlyItsOwnKind() {
        assertThat(TransferCommandIds.transferOfCredit(TransferCommandIds.credit("t-1")))
                .contains("t-1");
        assertThat(TransferCommandIds.transferOfRefund(TransferCommandIds.refund("t-1")))
                .contains("t-1");
        assertThat(TransferCommandIds.transferOfCredit(TransferCommandIds.refund("t-1")))
                .isEmpty();
        assertThat(TransferCommandIds.transferOfRefund(TransferCommandIds.credit("t-1")))
                .isEmpty();
        assertThat(TransferCommandIds.transferOfRefund("/refund")).isEmpty();
        assertThat(TransferCommandIds.transferOfRefund("t-1")).isEmpty();
        assertThat(TransferCommandIds.transferOfRefund(null)).isEmpty();
    }
}
