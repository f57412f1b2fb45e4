package dev.medallion.sql;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running SQL job started by {@link SqlJobRunner}: its id and status, waiting for it to end, cancelling it.
 *
 * <p>On the embedded MiniCluster the cluster lives as long as the job; {@link #close()} cancels a job that is still
 * running, so try-with-resources never leaves one behind.
 */
public final class SqlJob implements AutoCloseable {
    private final JobClient client;
    private final String plan;
    // Asked for once: on a remote cluster every call would start its own polling of the REST API.
    private final CompletableFuture<JobExecutionResult> result;
    // Closed after the job, last added first: the SQL Gateway, then the embedded cluster it and the job ran on.
    private final java.util.Deque<AutoCloseable> resources = new java.util.ArrayDeque<>();

    SqlJob(JobClient client, String plan) {
        this.client = client;
        this.plan = plan;
        this.result = client.getJobExecutionResult();
    }

    void closeAlso(AutoCloseable resource) {
        resources.push(resource);
    }

    /** {@code host:port} of the analysts' SQL Gateway, when the runner started one. */
    public java.util.Optional<String> gatewayAddress() {
        return resources.stream().filter(r -> r instanceof dev.medallion.sql.gateway.AnalystGateway)
                .map(r -> ((dev.medallion.sql.gateway.AnalystGateway) r).endpointAddress()).findFirst();
    }

    public JobID jobId() {
        return client.getJobID();
    }

    /** The optimized plan Flink runs (the same text as {@link SqlJobRunner#explain()}). */
    public String plan() {
        return plan;
    }

    public JobStatus status() {
        try {
            return client.getJobStatus().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking for the status of job " + jobId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not get the status of job " + jobId(), e);
        }
    }

    /**
     * Waits until the job ends (a bounded source reached its end offsets, or someone cancelled it).
     *
     * @throws SqlJobException if the job failed (the cause is Flink's failure) or did not end within {@code timeout}
     */
    public void await(Duration timeout) {
        try {
            result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlJobException("Interrupted while waiting for job " + jobId(), e);
        } catch (TimeoutException e) {
            throw new SqlJobException("Job " + jobId() + " did not finish within " + timeout
                    + " (status " + status() + "); an unbounded source never finishes: cancel() it", e);
        } catch (ExecutionException e) {
            throw new SqlJobException("Job " + jobId() + " failed: " + rootMessage(e), e.getCause());
        }
    }

    /** Cancels the job and waits until Flink confirmed it; a job that already ended is left alone. */
    public void cancel() {
        if (ended()) {
            return;
        }
        try {
            client.cancel().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlJobException("Interrupted while cancelling job " + jobId(), e);
        } catch (ExecutionException | TimeoutException e) {
            if (!ended()) {
                throw new SqlJobException("Could not cancel job " + jobId(), e);
            }
        }
    }

    /** True once the job reached a terminal state, or its embedded cluster is gone with it. */
    private boolean ended() {
        if (result.isDone()) {
            return true;
        }
        try {
            return status().isGloballyTerminalState();
        } catch (IllegalStateException e) {
            return result.isDone();
        }
    }

    /** Cancels a job still running, then stops the SQL Gateway and the shared embedded cluster, if any. */
    @Override
    public void close() {
        try {
            cancel();
        } finally {
            while (!resources.isEmpty()) {
                try {
                    resources.pop().close();
                } catch (Exception e) {
                    LoggerHolder.LOG.warn("Stopping {} after job {} failed: {}", e.getClass().getSimpleName(), jobId(),
                            e.getMessage());
                }
            }
        }
    }

    private static final class LoggerHolder {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqlJob.class);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
