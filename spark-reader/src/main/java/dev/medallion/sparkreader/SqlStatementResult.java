package dev.medallion.sparkreader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One SQL statement of a {@link SparkSqlRunner} run: its result columns (name and Spark type), its rows (column name to
 * value, in column order, values mapped as {@link DeltaTableSnapshot} describes) and, per registered table, how many
 * data files the query's scans read after partition pruning and data skipping (Spark's {@code numFiles} scan metric,
 * summed over every scan of that table, subqueries included). A table the query did not scan is absent; so is every
 * table when Delta answered from its log alone (e.g. a bare {@code count(*)}).
 */
public record SqlStatementResult(String sql, List<SparkField> columns, List<Map<String, Object>> rows,
                                 Map<String, Long> filesRead) {

    public SqlStatementResult {
        columns = List.copyOf(columns);
        // Rows may hold nulls, so no List.copyOf/Map.copyOf for them: wrap instead.
        rows = Collections.unmodifiableList(rows);
        filesRead = Collections.unmodifiableMap(filesRead);
    }

    /** Files the query read from {@code table}; 0 when it did not scan it. */
    public long filesRead(String table) {
        return filesRead.getOrDefault(table, 0L);
    }

    /** The values of one result column, in row order. */
    public List<Object> column(String name) {
        if (columns.stream().noneMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("no column " + name + " in the result of " + sql + "; columns: "
                    + columns.stream().map(SparkField::name).toList());
        }
        List<Object> values = new ArrayList<>(rows.size());
        rows.forEach(r -> values.add(r.get(name)));
        return values;
    }
}
