package dev.medallion.batch;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

import java.util.OptionalLong;

/** What batch jobs ask a Delta table's log: whether it exists, its version, and the progress an app id recorded. */
public final class DeltaTables {

    private DeltaTables() {}

    public static boolean exists(SparkSession spark, String table) {
        return DeltaLog.forTable(spark, table).update(false, Option.empty(), Option.empty()).version() >= 0;
    }

    /** The table's latest version, -1 when there is no table yet. */
    public static long version(SparkSession spark, String table) {
        return DeltaLog.forTable(spark, table).update(false, Option.empty(), Option.empty()).version();
    }

    /** The last {@code txnVersion} committed with {@code txnAppId = appId}; empty when none (or no table). */
    public static OptionalLong txnVersion(SparkSession spark, String table, String appId) {
        Option<Object> v = DeltaLog.forTable(spark, table).update(false, Option.empty(), Option.empty())
                .transactions().get(appId);
        return v.isDefined() ? OptionalLong.of((Long) v.get()) : OptionalLong.empty();
    }
}
