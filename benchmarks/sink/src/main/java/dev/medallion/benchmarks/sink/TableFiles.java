package dev.medallion.benchmarks.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts a table's Parquet data files and their bytes on local disk (metadata and logs excluded). */
record TableFiles(long files, long bytes) {

    static TableFiles of(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            long[] acc = new long[2];
            paths.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.toString().contains("_delta_log") && !p.toString().contains("/metadata/"))
                    .forEach(p -> {
                        acc[0]++;
                        try {
                            acc[1] += Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            return new TableFiles(acc[0], acc[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + root, e);
        }
    }
}
