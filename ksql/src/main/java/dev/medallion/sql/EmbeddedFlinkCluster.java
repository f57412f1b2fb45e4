package dev.medallion.sql;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A MiniCluster that outlives single jobs, with a REST endpoint on a loopback address, for runs that share the cluster
 * between the pipeline job and analysts' queries from the SQL Gateway.
 *
 * <p>Without a gateway the runner uses Flink's per-job MiniCluster (execution target {@code local}), which has exactly
 * as many task slots as the job's parallelism: a second job would wait for a slot and fail after the slot request
 * timeout. This cluster has the pipeline's parallelism plus {@code extraSlots} slots, and jobs reach it through its
 * REST endpoint like a remote cluster.
 */
final class EmbeddedFlinkCluster implements AutoCloseable {
    private final MiniCluster cluster;
    private final URI restAddress;

    private EmbeddedFlinkCluster(MiniCluster cluster, URI restAddress) {
        this.cluster = cluster;
        this.restAddress = restAddress;
    }

    /**
     * Starts the cluster with {@code slots} task slots. {@code options} are the runner's Flink options (checkpointing,
     * state backend, a {@code rest.port} to use instead of a free one); the REST endpoint binds to 127.0.0.1.
     */
    static EmbeddedFlinkCluster start(Map<String, String> options, int slots) {
        Configuration conf = Configuration.fromMap(options);
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.address", "127.0.0.1");
        if (!options.containsKey("rest.port")) {
            conf.setString("rest.port", "0");
        }
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        try {
            cluster.start();
            return new EmbeddedFlinkCluster(cluster, cluster.getRestAddress().get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            cluster.closeAsync();
            throw new SqlJobException("Could not start the embedded Flink cluster with " + slots + " task slots: "
                    + e.getMessage(), e);
        }
    }

    String restHost() {
        return restAddress.getHost();
    }

    int restPort() {
        return restAddress.getPort();
    }

    @Override
    public void close() {
        try {
            cluster.closeAsync().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new SqlJobException("Could not stop the embedded Flink cluster: " + e.getMessage(), e);
        }
    }
}
