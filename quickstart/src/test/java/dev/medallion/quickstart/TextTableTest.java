package dev.medallion.quickstart;

import dev.medallion.generator.EventFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTableTest {

    @Test
    void alignsNamesLeftAndNumbersRight() {
        String table = new TextTable("table", "rows", "files").row("bronze/events", 12_345L, 3).row("gold", 7L, "n/a")
                .toString();
        assertThat(table).isEqualTo(""
                + "table            rows  files\n"
                + "-------------  ------  -----\n"
                + "bronze/events  12,345      3\n"
                + "gold                7    n/a\n");
        assertThatThrownBy(() -> new TextTable("a", "b").row("x")).hasMessageContaining("1 cells");
    }

    @Test
    void ledgerRoundTripsAndAddsRuns(@TempDir Path dir) {
        Path file = dir.resolve("_runtime/ledger.json");
        assertThat(RunLedger.load(file)).isEqualTo(RunLedger.EMPTY);
        LoadStats stats = new LoadStats();
        stats.published(EventFactory.Kind.VALID, 1);
        stats.published(EventFactory.Kind.DUPLICATE, 2);
        stats.published(EventFactory.Kind.INVALID, 3);
        stats.published(EventFactory.Kind.LATE, 5);
        RunLedger first = RunLedger.EMPTY.plus(stats);
        assertThat(first).isEqualTo(new RunLedger(4, 1, 2, 1, 1, false));
        assertThat(stats.publishSpanMillis()).isEqualTo(4);
        first.save(file);
        assertThat(RunLedger.load(file).plus(stats)).isEqualTo(new RunLedger(8, 2, 4, 2, 2, false));
    }

    @Test
    void aLedgerCountedFromKafkaStaysMarkedAndOldFilesReadAsNotCounted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger.json");
        new RunLedger(10, 1, 8, 1, 0, true).plus(new LoadStats()).save(file);
        assertThat(RunLedger.load(file).countedFromKafka()).isTrue();
        // A ledger written before the field existed.
        java.nio.file.Files.writeString(file, "{\"published\":5,\"invalid\":1,\"distinctValid\":4,"
                + "\"duplicates\":0,\"late\":0}");
        assertThat(RunLedger.load(file)).isEqualTo(new RunLedger(5, 1, 4, 0, 0, false));
    }
}
