package dev.medallion.batch;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BatchSparkTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // The module's shared session: stopping one of its own would stop the one the other classes use.
        spark = TestSpark.session();
    }


    @Test
    void commitsToLocalTablesGoThroughThePutIfAbsentLogStore(@TempDir Path dir) {
        String table = dir.resolve("t").toUri().toString();
        spark.range(3).write().format("delta").save(table);

        Path firstCommit = dir.resolve("t/_delta_log/00000000000000000000.json");
        assertThat(firstCommit).exists();
        // delta-spark's default local store writes through Hadoop's checksummed file system, which leaves a
        // ".<name>.crc" sidecar; the put-if-absent store hard-links a plain file and leaves none.
        assertThat(firstCommit.resolveSibling(".00000000000000000000.json.crc")).doesNotExist();
        assertThat(spark.read().format("delta").load(table).count()).isEqualTo(3);
    }
}
