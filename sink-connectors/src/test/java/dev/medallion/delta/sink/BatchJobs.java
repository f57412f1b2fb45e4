package dev.medallion.delta.sink;

import dev.medallion.sparkreader.SparkProcess;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the batch layer's CLI ({@code dev.medallion.batch.BatchMain}) in a Spark child JVM, as {@code batch.sh} does,
 * so its Spark class path stays out of this JVM's Kafka/Connect one. The batch classes and the shared put-if-absent
 * log store come from this test's class path (test dependency {@code medallion-batch}); they are located as
 * resources so that no batch class (which references Spark) is loaded here.
 */
final class BatchJobs {
    private static final String MAIN = "dev.medallion.batch.BatchMain";

    private BatchJobs() {}

    /** Runs {@code batch <args>}; throws with the child's log tail when it exits non-zero. */
    static void run(String... args) {
        SparkProcess.create()
                .withExtraClassPath(classRoot("dev/medallion/batch/BatchMain.class"),
                        classRoot("dev/medallion/delta/logstore/LocalAtomicLogStore.class"))
                .run(MAIN, new ArrayList<>(List.of(args)));
    }

    /** The jar or folder holding {@code resource} on this JVM's class path. */
    private static Path classRoot(String resource) {
        URL url = ClassLoader.getSystemResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the test class path");
        }
        try {
            String text = url.toString();
            if (text.startsWith("jar:")) {
                return Path.of(new java.net.URI(text.substring(4, text.indexOf("!/"))));
            }
            Path file = Path.of(url.toURI());
            for (int i = 0; i < resource.split("/").length; i++) {
                file = file.getParent();
            }
            return file;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate " + resource + " (" + url + ")", e);
        }
    }
}
