package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationTest {

    @Test
    void balancedRun() {
        Reconciliation r = new Reconciliation(5000, 100, 4750, 4900, 100, 4750);
        assertThat(r.balanced()).isTrue();
        assertThat(r.checks()).allMatch(Reconciliation.Check::ok).hasSize(3);
        assertThat(r.bronzeBacklog()).isZero();
    }

    @Test
    void lostEventFailsTheFirstCheck() {
        Reconciliation r = new Reconciliation(5000, 100, 4750, 4899, 100, 4750);
        assertThat(r.balanced()).isFalse();
        assertThat(r.checks().get(0).ok()).isFalse();
        assertThat(r.checks().get(0).toString()).contains("FAIL").contains("5,000").contains("4,999");
        assertThat(r.bronzeBacklog()).isEqualTo(1);
    }

    @Test
    void validEventInDlqFailsEvenWhenTotalsMatch() {
        // One valid event wrongly rejected: bronze + dlq still equals published, but the DLQ check catches it.
        Reconciliation r = new Reconciliation(5000, 100, 4750, 4899, 101, 4749);
        assertThat(r.checks().get(0).ok()).isTrue();
        assertThat(r.checks().get(1).ok()).isFalse();
        assertThat(r.checks().get(2).ok()).isFalse();
    }

    @Test
    void duplicateInSilverFails() {
        Reconciliation r = new Reconciliation(5000, 100, 4750, 4900, 100, 4751);
        assertThat(r.checks().get(2).ok()).isFalse();
        assertThat(r.checks().get(2).toString()).contains("silver = distinct valid events").contains("FAIL");
    }
}
