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

    @Test
    void afterAResumeTheKilledRunsDlqCountIsNotCheckableButThisRunsIs() {
        // Earlier runs rebuilt from Kafka: 300 invalid = the DLQ they left. This run published 100 invalid, 99 in DLQ.
        Reconciliation r = new Reconciliation(10_000, 400, 9_000, 9_601, 399, 9_000, true, 300);

        assertThat(r.checks()).extracting(Reconciliation.Check::name).containsExactly(
                "published = bronze + dlq", "  killed run: Event Hubs -> Kafka", "dlq = invalid published (this run)",
                "dlq = invalid published (earlier runs)", "silver = distinct valid events");
        Reconciliation.Check thisRun = r.checks().get(2);
        assertThat(thisRun.expected()).isEqualTo(100);
        assertThat(thisRun.actual()).isEqualTo(99);
        assertThat(thisRun.ok()).isFalse();
        assertThat(r.checks().get(3).toString()).contains("n/a").contains("not checkable after a resume")
                .doesNotContain("OK");
        assertThat(r.checks().get(1).toString()).contains("n/a").contains("not checkable after a resume");
        assertThat(r.balanced()).isFalse();
    }

    @Test
    void aResumedRunThatReconcilesIsBalancedWithoutCallingTheUncheckablePartsOk() {
        Reconciliation r = new Reconciliation(10_000, 400, 9_000, 9_600, 400, 9_000, true, 300);
        assertThat(r.balanced()).isTrue();
        assertThat(r.checks().stream().filter(c -> !c.checkable())).hasSize(2)
                .allSatisfy(c -> assertThat(c.toString()).doesNotContain("OK"));
    }
}
