package dev.medallion.sql.gateway;

import dev.medallion.sql.SqlJobRunner;
import dev.medallion.sql.SqlScript;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The statements every SQL Gateway session runs when it opens: the pipeline's own scripts (functions and the
 * {@code events_raw}, {@code events_clean}, {@code metrics_1m}, {@code metrics_1h} tables with their topics, bootstrap
 * servers, formats and watermarks) without their {@code INSERT}s and {@code SET}s, then
 * {@code sql/gateway/session-tables.sql}, which makes the pipeline's sink tables readable.
 *
 * <p>Rendered with the pipeline's variables, except that analysts' reads never use the pipeline's consumer group
 * (their jobs would commit offsets into it) and start at the earliest offset of each topic.
 */
public final class SessionStatements {
    /** Consumer group of analysts' reads; the pipeline's is {@code group.id} (default {@code medallion-sql}). */
    public static final String ANALYST_GROUP_ID = "medallion-sql-gateway";
    public static final String SESSION_SCRIPT = "sql/gateway/session-tables.sql";

    private static final Pattern SKIPPED = Pattern.compile("(?is)\\s*(INSERT|SET)\\s.*");

    private SessionStatements() {
    }

    /** The statements for a pipeline run with {@code pipelineVariables} (the runner's, defaults included). */
    public static List<String> forPipeline(Map<String, String> pipelineVariables) {
        Map<String, String> variables = new LinkedHashMap<>(pipelineVariables);
        variables.put("group.id", ANALYST_GROUP_ID);
        variables.put("scan.startup.mode", "earliest-offset");
        variables.put("scan.bounded.mode", "unbounded");
        List<String> statements = new ArrayList<>();
        for (String resource : SqlJobRunner.pipeline(variables.get("raw.format"))) {
            for (String statement : SqlScript.fromResource(resource).statements(variables)) {
                // SET: the pipeline's job settings (e.g. its dedupe state TTL) would surprise analysts' queries.
                if (!SKIPPED.matcher(statement).matches()) {
                    statements.add(statement);
                }
            }
        }
        statements.addAll(SqlScript.fromResource(SESSION_SCRIPT).statements(variables));
        return List.copyOf(statements);
    }
}
