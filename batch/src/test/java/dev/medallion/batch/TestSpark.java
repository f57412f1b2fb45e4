package dev.medallion.batch;

import org.apache.spark.sql.SparkSession;

/**
 * One local[1] Spark session for all test classes of the module's test JVM: starting Spark costs 10-40 s, so the
 * classes share it instead of starting one each. Spark's own shutdown hook stops it when the JVM ends.
 */
public final class TestSpark {

    private static SparkSession session;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = BatchSpark.start("batch-tests", "local[1]");
        }
        return session;
    }
}
