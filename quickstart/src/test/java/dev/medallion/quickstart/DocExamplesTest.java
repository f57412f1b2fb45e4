package dev.medallion.quickstart;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example queries of docs/tables.md as TablesIT reads them. */
class DocExamplesTest {
    static final Path DOC = Path.of(System.getProperty("medallion.project.dir", ".."), "docs", "tables.md");

    @Test
    void theTablesPageNamesEveryExampleTheItRuns() throws Exception {
        Map<String, String> examples = DocExamples.load(DOC);
        assertThat(examples).containsOnlyKeys(TablesIT.EXAMPLES);
        assertThat(examples.values()).allSatisfy(sql -> {
            assertThat(sql).matches("(?s)(SELECT|WITH)\\b.*").doesNotContain("```").doesNotEndWith(";");
        });
        assertThat(DocExamples.registeredTables(Files.readString(DOC)))
                .containsExactly("bronze_events", "silver_events", "gold_metrics_1m", "gold_metrics_1h");
    }

    @Test
    void parsesNamedBlocksAndRefusesAMarkerWithoutOne() {
        String page = "intro\n<!-- example: one -->\n```sql\nSELECT 1\n```\ntext\n\n<!-- example: two -->\n"
                + "```sql\nSELECT 2\nFROM t\n```\n";
        assertThat(DocExamples.parse(page)).containsExactly(Map.entry("one", "SELECT 1"),
                Map.entry("two", "SELECT 2\nFROM t"));
        assertThatThrownBy(() -> DocExamples.parse(page + "<!-- example: three -->\ntext\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 example markers");
        assertThatThrownBy(() -> DocExamples.parse(page + page)).hasMessageContaining("named twice");
    }
}
