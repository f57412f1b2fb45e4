package dev.medallion.testkit;

import java.util.Map;

/**
 * Worker settings every test worker starts from, in-process ({@link ConnectTestCluster}) or child process
 * ({@link ConnectWorkerProcess}), so both install plugins and convert records the same way.
 */
final class TestWorkerDefaults {
    private TestWorkerDefaults() {
    }

    /** Fast plugin discovery (our plugins ship ServiceLoader manifests), string keys, schemaless JSON values. */
    static void putInto(Map<String, String> workerProperties) {
        workerProperties.put("plugin.discovery", "service_load");
        workerProperties.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        workerProperties.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        workerProperties.put("value.converter.schemas.enable", "false");
        // Short intervals so that tests see committed offsets and rebalances in seconds.
        workerProperties.put("offset.flush.interval.ms", "1000");
        workerProperties.put("scheduled.rebalance.max.delay.ms", "1000");
    }
}
