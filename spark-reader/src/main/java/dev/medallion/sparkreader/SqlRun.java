package dev.medallion.sparkreader;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The outcome of a {@link SparkSqlRunner} run: each registered table's detail and each statement's result, in order. */
public record SqlRun(Map<String, SqlTableDetail> tables, List<SqlStatementResult> results) {

    public SqlRun {
        // Registration order is kept (the parser builds a LinkedHashMap).
        tables = Collections.unmodifiableMap(tables);
        results = List.copyOf(results);
    }

    /** The detail of the table registered as {@code name}. */
    public SqlTableDetail table(String name) {
        SqlTableDetail detail = tables.get(name);
        if (detail == null) {
            throw new IllegalArgumentException("no table " + name + " was registered; registered: " + tables.keySet());
        }
        return detail;
    }
}
