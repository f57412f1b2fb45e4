package dev.medallion.sparkreader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Guards the child JVM's class path against version mixes the parent's dependency management can cause (it pins
 * Parquet, Hadoop, SLF4J and log4j for Kafka and the Delta sink): a family of jars must share one version.
 */
class SparkClassPathTest {

    private static final Pattern JAR = Pattern.compile("(.+)-(\\d+\\.\\d+\\.\\d+[^/]*)\\.jar");

    @Test
    void jarFamiliesShareOneVersion() {
        List<String> jars = Arrays.stream(SparkProcess.sparkClassPath().split(File.pathSeparator))
                .map(p -> new File(p).getName())
                .toList();
        assertThat(jars).anyMatch(j -> j.startsWith("delta-spark_2.13-"));
        assertThat(jars).anyMatch(j -> j.startsWith("spark-sql_2.13-"));
        for (String family : List.of("parquet-", "hadoop-client-", "log4j-", "slf4j-api", "spark-", "jackson-")) {
            Map<String, String> versions = jars.stream()
                    .filter(j -> j.startsWith(family))
                    .filter(j -> !j.startsWith("log4j-layout") && !j.startsWith("spark-connect"))
                    .map(JAR::matcher)
                    .filter(Matcher::matches)
                    .collect(Collectors.toMap(m -> m.group(1), m -> m.group(2)));
            Set<String> distinct = Set.copyOf(versions.values());
            assertThat(distinct).as("versions of %s* on the Spark class path: %s", family, versions).hasSizeLessThan(2);
        }
    }
}
