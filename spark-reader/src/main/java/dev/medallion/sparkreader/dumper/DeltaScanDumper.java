package dev.medallion.sparkreader.dumper;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

import static org.apache.spark.sql.functions.col;

/**
 * Main of a Spark child JVM that shows how delta-spark sees a table's data files: each {@code add} action's file name
 * and statistics (keys turned from physical into logical column names with the table's column mapping), the file each
 * row comes from ({@code _metadata.file_path}), and for each filter the rows Spark returns and how many files its scan
 * read after data skipping. Arguments: {@code <table root or URI> <output json> <key column> [filter SQL ...]}.
 */
public final class DeltaScanDumper {

    private static final String PHYSICAL_NAME = "delta.columnMapping.physicalName";

    private DeltaScanDumper() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DeltaScanDumper <table root> <output json> <key column> [filter ...]");
            System.exit(2);
        }
        SparkSession spark = LocalSpark.start("delta-scan-dumper");
        // Without adaptive execution the executed plan is the one that ran, with its scan's metrics.
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        try {
            dump(spark, args[0], Paths.get(args[1]), args[2], Arrays.asList(args).subList(3, args.length));
        } catch (Exception e) {
            e.printStackTrace();
            System.err.println("DeltaScanDumper could not scan " + args[0] + ": " + e);
            spark.stop();
            System.exit(1);
        }
        spark.stop();
    }

    static void dump(SparkSession spark, String table, Path output, String keyColumn, List<String> filters)
            throws Exception {
        Snapshot snapshot = DeltaLog.forTable(spark, table).unsafeVolatileSnapshot();
        StructType schema = snapshot.metadata().schema();
        ObjectMapper mapper = new ObjectMapper();
        try (JsonGenerator json = mapper.getFactory().createGenerator(output.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeArrayFieldStart("files");
            for (Row add : snapshot.allFiles().toDF().select("path", "stats").collectAsList()) {
                json.writeStartObject();
                json.writeStringField("name", fileName(add.getString(0)));
                if (add.isNullAt(1)) {
                    json.writeNullField("stats");
                } else {
                    json.writeFieldName("stats");
                    mapper.writeTree(json, logicalStats(mapper.readTree(add.getString(1)), schema, mapper));
                }
                json.writeEndObject();
            }
            json.writeEndArray();

            Dataset<Row> data = spark.read().format("delta").load(table);
            json.writeObjectFieldStart("rowFiles");
            for (Row row : data.select(col(keyColumn).cast("string"), col("_metadata.file_path")).collectAsList()) {
                json.writeStringField(row.getString(0), fileName(row.getString(1)));
            }
            json.writeEndObject();

            json.writeArrayFieldStart("scans");
            for (String filter : filters) {
                Dataset<Row> filtered = data.where(filter).select(col(keyColumn).cast("string"));
                List<Row> rows = filtered.collectAsList();
                json.writeStartObject();
                json.writeStringField("filter", filter);
                json.writeArrayFieldStart("keys");
                for (Row row : rows) {
                    json.writeString(row.getString(0));
                }
                json.writeEndArray();
                json.writeNumberField("filesRead", filesRead(filtered.queryExecution().executedPlan()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** Files the query's Parquet scans listed after partition pruning and data skipping (their numFiles metric). */
    private static long filesRead(SparkPlan plan) {
        long files = 0;
        boolean found = false;
        for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
            if (leaf instanceof FileSourceScanExec scan) {
                files += scan.metrics().apply("numFiles").value();
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no file scan in the executed plan:\n" + plan);
        }
        return files;
    }

    private static String fileName(String pathOrUri) {
        return new org.apache.hadoop.fs.Path(URI.create(pathOrUri)).getName();
    }

    /** The stats object with physical column names replaced by logical ones; other fields unchanged. */
    private static JsonNode logicalStats(JsonNode stats, StructType schema, ObjectMapper mapper) {
        ObjectNode out = mapper.createObjectNode();
        stats.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            out.set(e.getKey(), value.isObject() ? logicalColumns(value, schema, mapper) : value);
        });
        return out;
    }

    private static ObjectNode logicalColumns(JsonNode physical, StructType schema, ObjectMapper mapper) {
        ObjectNode out = mapper.createObjectNode();
        List<String> seen = new ArrayList<>();
        for (StructField field : schema.fields()) {
            String name = field.metadata().contains(PHYSICAL_NAME) ? field.metadata().getString(PHYSICAL_NAME)
                    : field.name();
            JsonNode value = physical.get(name);
            if (value == null) {
                continue;
            }
            seen.add(name);
            boolean nested = field.dataType() instanceof StructType && value.isObject();
            out.set(field.name(), nested ? logicalColumns(value, (StructType) field.dataType(), mapper) : value);
        }
        // Keys that match no column are kept as they are, so a test sees them rather than losing them silently.
        physical.fields().forEachRemaining(e -> {
            if (!seen.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }
}
