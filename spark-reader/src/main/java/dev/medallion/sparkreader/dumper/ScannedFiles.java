package dev.medallion.sparkreader.dumper;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counts the data files an executed query read, per table root: the {@code numFiles} metric of every Parquet scan
 * ({@code FileSourceScanExec}, after partition pruning and Delta's data skipping), as {@link DeltaScanDumper} measures
 * it, but over the whole plan including subqueries, and keyed by the scanned relation's root path so several tables
 * in one query are told apart. A scan reached twice (a reused exchange or subquery) counts once.
 */
final class ScannedFiles {

    private ScannedFiles() {}

    /** Table root path (no scheme, no trailing slash; see {@link #key}) to files read. */
    static Map<String, Long> byTableRoot(SparkPlan executed) {
        Map<String, Long> files = new LinkedHashMap<>();
        visit(executed, files, Collections.newSetFromMap(new IdentityHashMap<>()));
        return files;
    }

    /** The comparable form of a table root given as a path or URI: its path part without a trailing slash. */
    static String key(String pathOrUri) {
        String path = new Path(pathOrUri).toUri().getPath();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static void visit(SparkPlan plan, Map<String, Long> files, Set<SparkPlan> seen) {
        if (!seen.add(plan)) {
            return;
        }
        if (plan instanceof FileSourceScanExec scan) {
            long read = scan.metrics().apply("numFiles").value();
            for (Path root : CollectionConverters.asJava(scan.relation().location().rootPaths())) {
                files.merge(key(root.toString()), read, Long::sum);
            }
        }
        for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
            visit(child, files, seen);
        }
        // Scalar and IN subqueries run as plans of their own, outside children().
        for (SparkPlan subquery : CollectionConverters.asJava(plan.subqueries())) {
            visit(subquery, files, seen);
        }
    }
}
