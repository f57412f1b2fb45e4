package dev.medallion.sql;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the rows of a query as the SQL client shows them: each with its change kind (+I, -U, +U, -D), fields as plain
 * Java values (arrays as lists). A bounded query is read to its end; a push query until the expected number of rows
 * has arrived, after which the query's job is cancelled, as closing a push query does.
 */
final class QueryRows {
    private QueryRows() {
    }

    /** Every row of a query that ends (bounded sources). */
    static List<String> all(TableResult result, Duration timeout) {
        return read(result, Integer.MAX_VALUE, timeout);
    }

    /** The first {@code count} rows of a query that does not end, then the query is cancelled. */
    static List<String> first(TableResult result, int count, Duration timeout) {
        return read(result, count, timeout);
    }

    /** Applies a change log to a table keyed by the first field: the final state of an updating query. */
    static Map<String, String> finalState(List<String> changelog) {
        Map<String, String> state = new LinkedHashMap<>();
        for (String row : changelog) {
            String kind = row.substring(0, 2);
            String fields = row.substring(3);
            String key = fields.split(",", 2)[0];
            switch (kind) {
                case "+I", "+U" -> state.put(key, fields);
                case "-U", "-D" -> state.remove(key);
                default -> throw new IllegalArgumentException(row);
            }
        }
        return state;
    }

    private static List<String> read(TableResult result, int count, Duration timeout) {
        List<String> rows = new ArrayList<>();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (CloseableIterator<Row> iterator = result.collect()) {
            Future<?> reading = reader.submit(() -> {
                while (rows.size() < count && iterator.hasNext()) {
                    String row = format(iterator.next());
                    synchronized (rows) {
                        rows.add(row);
                    }
                }
            });
            try {
                reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                synchronized (rows) {
                    throw new AssertionError("Expected " + (count == Integer.MAX_VALUE ? "the query to end" : count
                            + " rows") + " within " + timeout + "; got " + rows, e);
                }
            }
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("Query failed after rows " + rows + ": " + e, e);
        } finally {
            if (count != Integer.MAX_VALUE) {
                // A push query does not end by itself: cancel it, as closing it in the SQL client does.
                result.getJobClient().ifPresent(QueryRows::cancelQuietly);
            }
            reader.shutdownNow();
        }
        return rows;
    }

    static String format(Row row) {
        StringBuilder text = new StringBuilder(row.getKind().shortString()).append(' ');
        for (int i = 0; i < row.getArity(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(plain(row.getField(i)));
        }
        return text.toString();
    }

    private static Object plain(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        return value;
    }

    private static void cancelQuietly(JobClient client) {
        try {
            client.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Already cancelled by closing the iterator: nothing to do.
        }
    }
}
