package dev.medallion.sparkreader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs analyst SQL with Spark + delta-spark in a child JVM (see {@link SparkProcess}): registers each given Delta
 * table under a name, the way an analyst does ({@code CREATE TABLE <name> USING DELTA LOCATION '<root>'}), then runs
 * the statements in order in one Spark session and returns, per statement, the rows and the files its scans read per
 * table, plus each table's {@code DESCRIBE DETAIL} facts.
 *
 * <pre>{@code
 * SqlRun run = SparkSqlRunner.run(Map.of("bronze_events", lake.resolve("bronze/events")),
 *         List.of("SELECT count(*) AS n FROM bronze_events WHERE date = DATE'2024-01-15'"));
 * run.results().get(0).rows();                          // [{n=42}]
 * run.results().get(0).filesRead("bronze_events");      // files left after partition pruning and data skipping
 * run.table("bronze_events").partitionColumns();        // [date, hour]
 * }</pre>
 *
 * <p>One Spark start per call (10–40 s): pass every statement of a test at once. Adaptive query execution is off, so
 * the plan whose scan metrics are counted is the one that ran.
 */
public final class SparkSqlRunner {

    private static final String DUMPER = "dev.medallion.sparkreader.dumper.SqlStatementDumper";
    /** Spark SQL identifiers that need no quoting, so a name can be written into SQL as it is. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SparkProcess process;

    public SparkSqlRunner(SparkProcess process) {
        this.process = process;
    }

    /**
     * Registers {@code tables} (name to table root, in the map's order) and runs {@code statements}.
     *
     * @throws IllegalArgumentException if a name is not a plain SQL identifier
     * @throws IllegalStateException    if Spark cannot register a table or run a statement; the message names it and
     *                                  quotes Spark's reason
     */
    public static SqlRun run(Map<String, Path> tables, List<String> statements) {
        Map<String, String> uris = new LinkedHashMap<>();
        tables.forEach((name, root) -> uris.put(name, root.toAbsolutePath().toUri().toString()));
        return new SparkSqlRunner(SparkProcess.create()).execute(uris, statements);
    }

    /** As {@link #run}, with table roots given as URIs Spark's Hadoop file systems understand. */
    public SqlRun execute(Map<String, String> tableUris, List<String> statements) {
        tableUris.keySet().forEach(SparkSqlRunner::checkName);
        Path request = null;
        Path output = null;
        try {
            request = Files.createTempFile("spark-sql-request-", ".json");
            output = Files.createTempFile("spark-sql-result-", ".json");
            ObjectNode json = MAPPER.createObjectNode();
            ObjectNode tables = json.putObject("tables");
            tableUris.forEach(tables::put);
            statements.forEach(json.putArray("statements")::add);
            MAPPER.writeValue(request.toFile(), json);
            process.run(DUMPER, List.of(request.toString(), output.toString()));
            return SqlRunJson.parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write or read the temp files of a Spark SQL run", e);
        } finally {
            deleteQuietly(request);
            deleteQuietly(output);
        }
    }

    private static void checkName(String name) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("table name '" + name + "' is not a plain SQL identifier: use letters,"
                    + " digits and underscores, not starting with a digit (e.g. bronze_events)");
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
