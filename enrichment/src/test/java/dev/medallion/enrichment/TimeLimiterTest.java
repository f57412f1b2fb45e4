package dev.medallion.enrichment;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeLimiterTest {
    @Test
    void aCallThatOutlivesItsLimitIsAbandonedInterruptedAndReportedWithoutItsPayload() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (TimeLimiter limiter = new TimeLimiter(2)) {
            assertThatThrownBy(() -> limiter.call("azure engine", Duration.ofMillis(50), () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return "late";
            })).isInstanceOf(TextAnalysisException.class).hasMessage("azure engine did not answer within 50 ms");
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the abandoned call was interrupted").isTrue();

            assertThat(limiter.call("x", Duration.ofSeconds(10), () -> "answer")).isEqualTo("answer");
            assertThatThrownBy(() -> limiter.call("x", Duration.ofSeconds(10), () -> {
                throw new TextAnalysisException("HTTP 503", null);
            })).isInstanceOf(TextAnalysisException.class).hasMessage("HTTP 503");
        }
    }

    @Test
    void whileTheMaximumOfCallsIsStillRunningANewCallFailsAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TimeLimiter limiter = new TimeLimiter(1)) {
            assertThatThrownBy(() -> limiter.call("first", Duration.ofMillis(20), () -> {
                // Ignores interrupts, as a blocking socket read may: the thread stays taken.
                while (true) {
                    try {
                        release.await();
                        return "done";
                    } catch (InterruptedException ignored) {
                        // keep waiting
                    }
                }
            })).hasMessageContaining("did not answer");

            assertThatThrownBy(() -> limiter.call("second", Duration.ofSeconds(30), () -> "never run"))
                    .isInstanceOf(TextAnalysisException.class)
                    .hasMessage("second not called: 1 earlier calls are still waiting for an answer");
        } finally {
            release.countDown();
        }
    }
}
