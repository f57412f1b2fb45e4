package dev.medallion.delta.sink;

import dev.medallion.testkit.PackageGraph;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's packages depend one way: a record goes rows → files ({@code write}) → commits ({@code table}), and
 * {@code write} knows nothing of tables, commits or the connector's config. The only package others import back is
 * the root, for {@link DeltaSinkConfig}.
 */
class SinkPackagesTest {
    private static final PackageGraph GRAPH = PackageGraph.of(Path.of("src/main/java"), "dev.medallion.delta.sink");

    @Test
    void writeIsALeafThatOnlyKnowsSchemas() {
        assertThat(GRAPH.importsOf("write")).as(GRAPH.toString()).containsOnly("schema");
    }

    @Test
    void tablesUseWriteNeverTheOtherWayRound() {
        assertThat(GRAPH.importsOf("table")).as(GRAPH.toString()).contains("write");
    }

    @Test
    void noCycleOutsideTheConfigInTheRootPackage() {
        assertThat(GRAPH.cycles()).as(GRAPH.toString()).allMatch(cycle -> cycle.startsWith(" -> "));
    }
}
