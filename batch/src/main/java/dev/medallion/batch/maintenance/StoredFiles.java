package dev.medallion.batch.maintenance;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Counts what a table folder holds on storage, whatever the log references: data files (everything outside
 * {@code _delta_log}, which VACUUM may delete) and the JSON commits inside {@code _delta_log}. Works on any Hadoop
 * URI ({@code file:}, {@code abfss:}).
 */
final class StoredFiles {
    private static final String LOG_DIR = "_delta_log";

    private final SparkSession spark;

    StoredFiles(SparkSession spark) {
        this.spark = spark;
    }

    /** Data files (Parquet and deletion vectors) under the table root, outside {@code _delta_log}. */
    long dataFiles(String tableUri) {
        Path root = new Path(tableUri);
        long count = 0;
        try {
            FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                Path file = files.next().getPath();
                if (!isUnderLog(root, file) && !file.getName().startsWith(".") && !file.getName().startsWith("_")) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the files of " + tableUri, e);
        }
    }

    /** JSON commit files in {@code _delta_log}. */
    long jsonCommits(String tableUri) {
        Path log = new Path(tableUri, LOG_DIR);
        try {
            FileSystem fs = log.getFileSystem(spark.sessionState().newHadoopConf());
            long count = 0;
            for (var status : fs.listStatus(log)) {
                if (status.getPath().getName().matches("\\d{20}\\.json")) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + log, e);
        }
    }

    private static boolean isUnderLog(Path root, Path file) {
        for (Path p = file.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (p.getName().equals(LOG_DIR)) {
                return true;
            }
        }
        return false;
    }
}
