package dev.medallion.sparkreader.dumper;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Main of the Spark child JVM: reads a Delta table with Spark + delta-spark in local mode and writes what it sees
 * (schema, detail, history, {@code txn} state, rows) as one JSON document for {@code SparkDeltaReader} to parse.
 * Arguments: {@code <table root path or URI> <output json file> <rows|norows>}.
 *
 * <p>Values are written type-directed so the parent can rebuild exact Java values: decimals as strings,
 * timestamps as ISO instants in UTC, dates as ISO dates, binary as Base64.
 */
public final class DeltaTableDumper {

    private static final Pattern COMMIT_FILE = Pattern.compile("(\\d{20})\\.json");

    private DeltaTableDumper() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DeltaTableDumper <table root> <output json> <rows|norows>");
            System.exit(2);
        }
        String table = args[0];
        Path output = Paths.get(args[1]);
        boolean withRows = "rows".equals(args[2]);
        SparkSession spark = LocalSpark.start("delta-table-dumper");
        try {
            dump(spark, table, output, withRows);
        } catch (Exception e) {
            // Stack trace first, then a one-line summary: the parent quotes the tail of this log in its exception.
            e.printStackTrace();
            System.err.println("DeltaTableDumper could not read " + table + ": " + e);
            spark.stop();
            System.exit(1);
        }
        spark.stop();
    }

    static void dump(SparkSession spark, String table, Path output, boolean withRows) throws IOException {
        Dataset<Row> data = spark.read().format("delta").load(table);
        StructType schema = data.schema();
        io.delta.tables.DeltaTable deltaTable = io.delta.tables.DeltaTable.forPath(spark, table);
        Row detail = deltaTable.detail().first();
        List<Row> history = deltaTable.history().collectAsList();
        Map<String, Object> txns = new TreeMap<>(
                CollectionConverters.asJava(DeltaLog.forTable(spark, table).unsafeVolatileSnapshot().transactions()));
        Map<Long, Map<String, Long>> commitTxns = commitTransactions(spark, table);

        ObjectMapper mapper = new ObjectMapper();
        try (JsonGenerator json = mapper.getFactory().createGenerator(output.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("location", detail.<String>getAs("location"));
            json.writeNumberField("version", history.isEmpty() ? -1 : history.get(0).<Long>getAs("version"));
            json.writeNumberField("numFiles", ((Number) detail.getAs("numFiles")).longValue());
            json.writeNumberField("sizeInBytes", ((Number) detail.getAs("sizeInBytes")).longValue());
            json.writeNumberField("minReaderVersion", ((Number) detail.getAs("minReaderVersion")).intValue());
            json.writeNumberField("minWriterVersion", ((Number) detail.getAs("minWriterVersion")).intValue());
            json.writeArrayFieldStart("partitionColumns");
            for (Object c : detail.getList(detail.fieldIndex("partitionColumns"))) {
                json.writeString((String) c);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("tableFeatures");
            if (hasField(detail, "tableFeatures") && !detail.isNullAt(detail.fieldIndex("tableFeatures"))) {
                for (Object f : detail.getList(detail.fieldIndex("tableFeatures"))) {
                    json.writeString((String) f);
                }
            }
            json.writeEndArray();
            writeStringMap(json, "properties", detail.getJavaMap(detail.fieldIndex("properties")));
            json.writeObjectFieldStart("transactions");
            for (Map.Entry<String, Object> e : txns.entrySet()) {
                json.writeNumberField(e.getKey(), ((Number) e.getValue()).longValue());
            }
            json.writeEndObject();

            json.writeArrayFieldStart("schema");
            for (StructField f : schema.fields()) {
                writeField(json, f.name(), f.dataType(), f.nullable());
            }
            json.writeEndArray();

            json.writeArrayFieldStart("history");
            for (int i = history.size() - 1; i >= 0; i--) {
                Row h = history.get(i);
                long version = h.<Long>getAs("version");
                json.writeStartObject();
                json.writeNumberField("version", version);
                json.writeStringField("timestamp", String.valueOf(h.<Object>getAs("timestamp")));
                json.writeStringField("operation", h.<String>getAs("operation"));
                writeStringMap(json, "operationParameters", h.getJavaMap(h.fieldIndex("operationParameters")));
                writeStringMap(json, "operationMetrics", h.getJavaMap(h.fieldIndex("operationMetrics")));
                json.writeStringField("engineInfo", h.<String>getAs("engineInfo"));
                json.writeObjectFieldStart("transactions");
                for (Map.Entry<String, Long> e : commitTxns.getOrDefault(version, Map.of()).entrySet()) {
                    json.writeNumberField(e.getKey(), e.getValue());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();

            json.writeNumberField("rowCount", data.count());
            json.writeArrayFieldStart("rows");
            if (withRows) {
                Iterator<Row> it = data.toLocalIterator();
                while (it.hasNext()) {
                    writeValue(json, it.next(), schema);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static boolean hasField(Row row, String name) {
        return List.of(row.schema().fieldNames()).contains(name);
    }

    private static void writeStringMap(JsonGenerator json, String name, Map<?, ?> map) throws IOException {
        json.writeObjectFieldStart(name);
        if (map != null) {
            for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                String value = e.getValue() == null ? null : String.valueOf(e.getValue());
                json.writeStringField(String.valueOf(e.getKey()), value);
            }
        }
        json.writeEndObject();
    }

    static void writeField(JsonGenerator json, String name, DataType type, boolean nullable)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("type", type.simpleString());
        json.writeBooleanField("nullable", nullable);
        json.writeArrayFieldStart("children");
        if (type instanceof StructType struct) {
            for (StructField f : struct.fields()) {
                writeField(json, f.name(), f.dataType(), f.nullable());
            }
        } else if (type instanceof ArrayType array) {
            writeField(json, "element", array.elementType(), array.containsNull());
        } else if (type instanceof MapType map) {
            writeField(json, "key", map.keyType(), false);
            writeField(json, "value", map.valueType(), map.valueContainsNull());
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Writes one value the way the parent's SnapshotJson expects it for the Spark type. */
    static void writeValue(JsonGenerator json, Object value, DataType type) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (type instanceof StructType struct) {
            Row row = (Row) value;
            json.writeStartObject();
            StructField[] fields = struct.fields();
            for (int i = 0; i < fields.length; i++) {
                json.writeFieldName(fields[i].name());
                writeValue(json, row.get(i), fields[i].dataType());
            }
            json.writeEndObject();
        } else if (type instanceof ArrayType array) {
            json.writeStartArray();
            for (Object element : CollectionConverters.asJava((scala.collection.Iterable<?>) value)) {
                writeValue(json, element, array.elementType());
            }
            json.writeEndArray();
        } else if (type instanceof MapType map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : CollectionConverters.asJava((scala.collection.Map<?, ?>) value).entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                writeValue(json, e.getValue(), map.valueType());
            }
            json.writeEndObject();
        } else if (value instanceof BigDecimal d) {
            json.writeString(d.toPlainString());
        } else if (value instanceof Instant || value instanceof LocalDate || value instanceof LocalDateTime) {
            json.writeString(value.toString());
        } else if (value instanceof java.sql.Timestamp t) {
            json.writeString(t.toInstant().toString());
        } else if (value instanceof java.sql.Date d) {
            json.writeString(d.toLocalDate().toString());
        } else if (value instanceof byte[] bytes) {
            json.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            json.writeString(d.toString());
        } else if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            json.writeString(f.toString());
        } else {
            json.writeObject(value);
        }
    }

    /**
     * The {@code txn} actions of every commit JSON file still in {@code _delta_log}, by version. delta-spark's public
     * API shows only the merged state, so the per-commit view is read from the log files (they are JSON lines).
     */
    private static Map<Long, Map<String, Long>> commitTransactions(SparkSession spark, String table)
            throws IOException {
        org.apache.hadoop.fs.Path logDir = new org.apache.hadoop.fs.Path(table, "_delta_log");
        FileSystem fs = logDir.getFileSystem(spark.sessionState().newHadoopConf());
        ObjectMapper mapper = new ObjectMapper();
        Map<Long, Map<String, Long>> result = new TreeMap<>();
        for (FileStatus status : fs.listStatus(logDir)) {
            Matcher m = COMMIT_FILE.matcher(status.getPath().getName());
            if (!m.matches()) {
                continue;
            }
            Map<String, Long> txns = new TreeMap<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(fs.open(status.getPath()), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode txn = mapper.readTree(line).get("txn");
                    if (txn != null) {
                        txns.put(txn.get("appId").asText(), txn.get("version").asLong());
                    }
                }
            }
            result.put(Long.parseLong(m.group(1)), txns);
        }
        return result;
    }
}
