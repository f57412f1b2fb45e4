package dev.medallion.delta.sink;

import dev.medallion.delta.sink.table.DeltaTable;
import dev.medallion.delta.sink.table.DeltaTable.AppendResult;
import dev.medallion.delta.sink.write.OpenFileBudget;
import dev.medallion.delta.sink.write.PartitionWriter;
import dev.medallion.delta.sink.table.TableState;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Parquet file that failed half-way through a row is never committed: the partition writer refuses to hand out its
 * files until it is abandoned (the consumer then re-reads the range), instead of committing a file with a torn row
 * or a commit whose offsets cover rows that were lost with the file.
 */
class PartitionWriterTest {
    private static final TopicPartition TP = new TopicPartition("events", 0);

    @TempDir
    Path dir;

    @Test
    void aRowThatFailsHalfWayIntoTheFileDamagesTheWriterUntilItIsAbandoned() throws IOException {
        Configuration hadoop = new Configuration();
        String location = dir.resolve("events").toString();
        DeltaTable delta = new DeltaTable(DeltaTable.engine(hadoop), location, "test", 10, 3);
        TableState table = new TableState(delta, new DeltaSinkConfig(Map.of(DeltaSinkConfig.TABLES_ROOT_CONFIG,
                dir.toString())));
        PartitionWriter writer = new PartitionWriter(TP, location, hadoop, CompressionCodecName.SNAPPY, 1 << 20, 1 << 30,
                new OpenFileBudget(4));
        write(writer, table, Map.of("id", 1L, "name", "a"));
        writer.advance(0);
        // Conversion guarantees each value's Java type; a row that breaks that (a converter bug, or anything Parquet
        // refuses mid-row) gets its first column into the file before the second fails.
        Object[] torn = table.toRow(Map.of("id", 2L, "name", "b"));
        torn[table.layout().schema().indexOf("name")] = 42L;
        assertThatThrownBy(() -> writer.write(table.layout(), torn)).isInstanceOf(IOException.class).hasMessageContaining("re-read");
        writer.advance(1);

        assertThatThrownBy(() -> write(writer, table, Map.of("id", 3L, "name", "c")))
                .as("no more rows into a damaged writer").isInstanceOf(IOException.class);
        assertThatThrownBy(writer::closeFiles).as("no commit of the range that lost row 1")
                .isInstanceOf(IOException.class).hasMessageContaining("re-read");

        writer.abandon();   // what the engine does when the commit fails; the consumer re-reads offsets 0..
        write(writer, table, Map.of("id", 1L, "name", "a"));
        write(writer, table, Map.of("id", 3L, "name", "c"));
        writer.advance(0);
        writer.advance(2);
        assertThat(delta.append(writer.closeFiles(), "test-events-0", writer.firstOffset(), writer.lastOffset()))
                .isEqualTo(AppendResult.COMMITTED);
        assertThat(KernelTableReader.rows(location)).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 3L);
    }

    private static void write(PartitionWriter writer, TableState table, Map<String, Object> value) throws IOException {
        Object[] row = table.toRow(value);
        writer.write(table.layout(), row);
    }
}
