package dev.medallion.delta.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Main for a Spark child JVM ({@code SparkProcess} with this module's test classes added): what Spark itself makes of
 * a DDL column list ({@code StructType.fromDDL(ddl).json()}) and, per Delta table, the schema Spark reads
 * ({@code df.schema().json()}) and what {@code DESCRIBE TABLE} shows (name, type, comment). Spark is reached by
 * reflection because it is only on the child's class path, never on this module's.
 * Arguments: {@code <output json> <ddl file> <table path>...}.
 */
public final class SparkSchemaProbe {
    private SparkSchemaProbe() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        String ddl = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        Class<?> structType = Class.forName("org.apache.spark.sql.types.StructType");
        Object fromDdl = structType.getMethod("fromDDL", String.class).invoke(null, ddl);
        out.set("fromDdl", mapper.readTree((String) structType.getMethod("json").invoke(fromDdl)));
        ObjectNode tables = out.putObject("tables");
        if (args.length > 2) {
            Object spark = Class.forName("dev.medallion.sparkreader.dumper.LocalSpark")
                    .getMethod("start", String.class).invoke(null, "schema-probe");
            Method sql = spark.getClass().getMethod("sql", String.class);
            try {
                for (int i = 2; i < args.length; i++) {
                    String table = args[i];
                    ObjectNode node = tables.putObject(table);
                    Object df = sql.invoke(spark, "SELECT * FROM delta.`" + table + "`");
                    Object schema = df.getClass().getMethod("schema").invoke(df);
                    node.set("schema", mapper.readTree((String) schema.getClass().getMethod("json").invoke(schema)));
                    Object describe = sql.invoke(spark, "DESCRIBE TABLE delta.`" + table + "`");
                    ArrayNode rows = node.putArray("describe");
                    for (Object row : (List<?>) describe.getClass().getMethod("collectAsList").invoke(describe)) {
                        Method get = row.getClass().getMethod("get", int.class);
                        ArrayNode r = rows.addArray();
                        for (int c = 0; c < 3; c++) {
                            Object v = get.invoke(row, c);
                            r.add(v == null ? null : v.toString());
                        }
                    }
                }
            } finally {
                spark.getClass().getMethod("stop").invoke(spark);
            }
        }
        mapper.writeValue(Path.of(args[0]).toFile(), out);
    }
}
