package dev.medallion.sparkreader.dumper;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Main of a Spark child JVM that runs analyst SQL: registers each table of the request under its name
 * ({@code CREATE TABLE <name> USING DELTA LOCATION '<uri>'}, as the docs tell analysts to), writes each table's
 * {@code DESCRIBE DETAIL} facts, schema and column comments, then runs the statements in order and writes each one's
 * result columns, rows (typed as {@link DeltaTableDumper} writes them) and the files its scans read per table
 * ({@link ScannedFiles}). Arguments: {@code <request json> <output json>}; the request is
 * {@code {"tables": {name: uri, ...}, "statements": [sql, ...]}}.
 */
public final class SqlStatementDumper {

    private SqlStatementDumper() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SqlStatementDumper <request json> <output json>");
            System.exit(2);
        }
        SparkSession spark = LocalSpark.start("sql-statement-dumper");
        // Without adaptive execution the executed plan is the one that ran, with its scans' metrics.
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        try {
            JsonNode request = new ObjectMapper().readTree(Paths.get(args[0]).toFile());
            Map<String, String> tables = new LinkedHashMap<>();
            request.path("tables").fields().forEachRemaining(e -> tables.put(e.getKey(), e.getValue().asText()));
            List<String> statements = new ArrayList<>();
            request.path("statements").forEach(s -> statements.add(s.asText()));
            dump(spark, tables, statements, Paths.get(args[1]));
        } catch (Exception e) {
            // Stack trace first, then a one-line summary: the parent quotes the tail of this log in its exception.
            e.printStackTrace();
            System.err.println("SqlStatementDumper failed: " + e.getMessage());
            spark.stop();
            System.exit(1);
        }
        spark.stop();
    }

    static void dump(SparkSession spark, Map<String, String> tables, List<String> statements, Path output)
            throws IOException {
        Map<String, String> nameByRoot = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : tables.entrySet()) {
            try {
                spark.sql("CREATE TABLE " + t.getKey() + " USING DELTA LOCATION '" + t.getValue().replace("'", "\\'")
                        + "'");
            } catch (Exception e) {
                // Spark's AnalysisException is a checked exception to Java.
                throw new IllegalStateException("could not register table " + t.getKey() + " at " + t.getValue()
                        + ": " + e.getMessage(), e);
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        try (JsonGenerator json = mapper.getFactory().createGenerator(output.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeArrayFieldStart("tables");
            for (String name : tables.keySet()) {
                String location = writeDetail(json, spark, name);
                nameByRoot.put(ScannedFiles.key(location), name);
            }
            json.writeEndArray();

            json.writeArrayFieldStart("results");
            for (int i = 0; i < statements.size(); i++) {
                String sql = statements.get(i);
                try {
                    writeResult(json, spark, sql, nameByRoot);
                } catch (Exception e) {
                    // Spark's AnalysisException is a checked exception to Java.
                    throw new IllegalStateException("statement " + (i + 1) + " failed: " + sql + "\n  Spark: "
                            + e.getMessage(), e);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** Writes the table's DESCRIBE DETAIL facts, schema and comments; returns its location. */
    private static String writeDetail(JsonGenerator json, SparkSession spark, String name) throws IOException {
        Row detail = spark.sql("DESCRIBE DETAIL " + name).first();
        String location = detail.getAs("location");
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("format", detail.getAs("format"));
        json.writeStringField("location", location);
        json.writeArrayFieldStart("partitionColumns");
        for (Object c : detail.getList(detail.fieldIndex("partitionColumns"))) {
            json.writeString((String) c);
        }
        json.writeEndArray();
        json.writeObjectFieldStart("properties");
        Map<Object, Object> properties = detail.getJavaMap(detail.fieldIndex("properties"));
        if (properties != null) {
            for (Map.Entry<Object, Object> p : new TreeMap<>(properties).entrySet()) {
                json.writeStringField(String.valueOf(p.getKey()), String.valueOf(p.getValue()));
            }
        }
        json.writeEndObject();
        json.writeNumberField("numFiles", ((Number) detail.getAs("numFiles")).longValue());
        StructType schema = spark.table(name).schema();
        json.writeArrayFieldStart("schema");
        for (StructField f : schema.fields()) {
            DeltaTableDumper.writeField(json, f.name(), f.dataType(), f.nullable());
        }
        json.writeEndArray();
        json.writeObjectFieldStart("comments");
        for (StructField f : schema.fields()) {
            if (f.getComment().isDefined()) {
                json.writeStringField(f.name(), f.getComment().get());
            }
        }
        json.writeEndObject();
        json.writeEndObject();
        return location;
    }

    private static void writeResult(JsonGenerator json, SparkSession spark, String sql, Map<String, String> nameByRoot)
            throws IOException {
        Dataset<Row> result = spark.sql(sql);
        StructType schema = result.schema();
        Set<String> names = new HashSet<>();
        for (String column : schema.fieldNames()) {
            if (!names.add(column)) {
                throw new IllegalArgumentException("the result has two columns named " + column
                        + ": give each column its own alias (AS ...)");
            }
        }
        List<Row> rows = result.collectAsList();
        json.writeStartObject();
        json.writeStringField("sql", sql);
        json.writeArrayFieldStart("columns");
        for (StructField f : schema.fields()) {
            DeltaTableDumper.writeField(json, f.name(), f.dataType(), f.nullable());
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rows");
        for (Row row : rows) {
            DeltaTableDumper.writeValue(json, row, schema);
        }
        json.writeEndArray();
        json.writeObjectFieldStart("filesRead");
        // The plan that collect() ran: its scans hold the metrics of that execution.
        for (Map.Entry<String, Long> e : ScannedFiles.byTableRoot(result.queryExecution().executedPlan()).entrySet()) {
            json.writeNumberField(nameByRoot.getOrDefault(e.getKey(), e.getKey()), e.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }
}
