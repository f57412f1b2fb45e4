package dev.medallion.sparkreader;

import java.util.List;
import java.util.Map;

/**
 * What Spark's {@code DESCRIBE DETAIL} says about a table registered for a {@link SparkSqlRunner} run, plus its
 * schema as Spark reads it and the column comments ({@code COMMENT} in DDL, Delta column metadata {@code comment};
 * columns without one are absent). {@code location} is the table root URI Spark resolved.
 */
public record SqlTableDetail(String name, String format, String location, List<String> partitionColumns,
                             Map<String, String> properties, long numFiles, List<SparkField> schema,
                             Map<String, String> columnComments) {

    public SqlTableDetail {
        partitionColumns = List.copyOf(partitionColumns);
        properties = Map.copyOf(properties);
        schema = List.copyOf(schema);
        columnComments = Map.copyOf(columnComments);
    }
}
