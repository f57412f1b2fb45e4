package dev.medallion.eventhubs.source;

import dev.medallion.testkit.PackageGraph;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source's packages depend one way: {@code partition} (positions, offsets, assignments) ← {@code config} ←
 * {@code receive} (Event Hubs) ← {@code record} (events to Kafka records) ← the root (connector and task, which wire
 * them). Nothing imports the root, and no package imports one that imports it back.
 */
class SourcePackagesTest {
    private static final PackageGraph GRAPH = PackageGraph.of(Path.of("src/main/java"), "dev.medallion.eventhubs.source");

    @Test
    void partitionsAndOffsetsAreALeaf() {
        assertThat(GRAPH.importsOf("partition")).as(GRAPH.toString()).isEmpty();
    }

    @Test
    void configKnowsOnlyPositions() {
        assertThat(GRAPH.importsOf("config")).as(GRAPH.toString()).containsOnly("partition");
    }

    @Test
    void receivingKnowsNothingOfRecords() {
        assertThat(GRAPH.importsOf("receive")).as(GRAPH.toString()).containsOnly("config", "partition");
    }

    @Test
    void onlyTheRootWiresThePackagesTogether() {
        assertThat(GRAPH.packages()).as(GRAPH.toString())
                .containsExactlyInAnyOrder("", "config", "partition", "receive", "record");
        for (String pkg : GRAPH.packages()) {
            if (!pkg.isEmpty()) {
                assertThat(GRAPH.importsOf(pkg)).as(pkg + " imports the root: " + GRAPH).doesNotContain("");
            }
        }
    }

    @Test
    void noCycles() {
        assertThat(GRAPH.cycles()).as(GRAPH.toString()).isEmpty();
    }
}
