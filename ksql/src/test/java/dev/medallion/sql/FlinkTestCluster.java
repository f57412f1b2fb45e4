package dev.medallion.sql;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;

/**
 * One in-process Flink cluster per test class (JUnit extension), so that the many small queries of a test class share
 * one start. Sessions submit to it over REST as the SQL client would; the job's classes come from the test class path.
 */
final class FlinkTestCluster implements BeforeAllCallback, AfterAllCallback {
    private static final int SLOTS = 4;

    private MiniCluster cluster;
    private URI restAddress;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, SLOTS);
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(SLOTS)
                .build());
        cluster.start();
        restAddress = cluster.getRestAddress().get();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A fresh SQL session (its own catalog) at parallelism 1, so that arrival order and change logs are exact. */
    TableEnvironment newSession() {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(RestOptions.ADDRESS, restAddress.getHost());
        conf.set(RestOptions.PORT, restAddress.getPort());
        conf.setString("parallelism.default", "1");
        return TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
    }
}
