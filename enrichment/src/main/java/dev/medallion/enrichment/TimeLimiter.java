package dev.medallion.enrichment;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a remote call on a helper thread and gives up waiting after a time limit, so a slow service cannot hold the
 * caller (a Connect task inside a source transaction) longer than that. The abandoned call is interrupted and runs out
 * on its helper thread; at most {@code maxCalls} may run at once, and a call beyond that fails at once instead of
 * queueing behind slow ones. A timeout or a refused call throws {@link TextAnalysisException}, which the circuit
 * breakers count like any failure, so a service that is slow opens them as one that is down does.
 */
public final class TimeLimiter implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    public TimeLimiter(int maxCalls) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        executor = new ThreadPoolExecutor(0, maxCalls, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "enrichment-remote-call-" + pool + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param what  names the call in the exception message (no payload, no key)
     * @param limit how long to wait for it
     */
    public <T> T call(String what, Duration limit, Callable<T> call) {
        Future<T> future;
        try {
            future = executor.submit(call);
        } catch (RejectedExecutionException e) {
            throw new TextAnalysisException(what + " not called: " + executor.getMaximumPoolSize()
                    + " earlier calls are still waiting for an answer", e);
        }
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TextAnalysisException(what + " did not answer within " + limit.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new TextAnalysisException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TextAnalysisException("interrupted while waiting for " + what, e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
