package dev.medallion.sql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlScriptTest {
    @Test
    void splitsStatementsAndKeepsSemicolonsAndDashesInsideQuotes() {
        SqlScript script = new SqlScript("t.sql", """
                -- a comment; with a semicolon
                CREATE TABLE t (a STRING) WITH ('x' = 'a;b', 'y' = '--not a comment'); -- trailing
                SELECT `odd;name`, 'it''s; fine' FROM t;
                ;
                """);
        assertThat(script.statements(Map.of())).containsExactly(
                "CREATE TABLE t (a STRING) WITH ('x' = 'a;b', 'y' = '--not a comment')",
                "SELECT `odd;name`, 'it''s; fine' FROM t");
    }

    @Test
    void substitutesVariablesButNotInComments() {
        SqlScript script = new SqlScript("t.sql", "-- uses ${not.set}\nSELECT '${topic.raw}' FROM x WHERE y = ${n};");
        assertThat(script.statements(Map.of("topic.raw", "events.raw", "n", "$1\\")))
                .containsExactly("SELECT 'events.raw' FROM x WHERE y = $1\\");
    }

    @Test
    void aMissingVariableNamesItselfAndTheScript() {
        SqlScript script = new SqlScript("my.sql", "SELECT '${topic.typo}';");
        assertThatThrownBy(() -> script.statements(Map.of("topic.raw", "r")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("my.sql").hasMessageContaining("${topic.typo}").hasMessageContaining("--var");
    }

    @Test
    void everyBundledScriptResolvesWithTheDefaultVariables() {
        for (String resource : SqlJobRunner.PIPELINE) {
            List<String> statements = SqlScript.fromResource(resource).statements(SqlJobRunner.DEFAULT_VARIABLES);
            assertThat(statements).as(resource).isNotEmpty().noneMatch(s -> s.contains("${"));
        }
    }

    @Test
    void anUnknownResourceIsAClearError() {
        assertThatThrownBy(() -> SqlScript.fromResource("sql/nope.sql"))
                .hasMessageContaining("sql/nope.sql is not on the class path");
    }
}
