package dev.medallion.sparkreader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How delta-spark sees a table's data files ({@link SparkDeltaReader#scan}): every {@code add} action's file name and
 * statistics, the file each row was read from (by the row's key column, as a string), and for each filter the keys
 * of the rows Spark returned and how many files its scan read after data skipping.
 *
 * <p>Statistics are the {@code stats} JSON of the add action as delta-spark holds it ({@code numRecords},
 * {@code minValues}, {@code maxValues}, {@code nullCount}, ...), with the column keys turned from physical into
 * logical names (column mapping); null when the action has none.
 */
public record DeltaFileScan(List<DataFile> files, Map<String, String> rowFiles, List<FilteredScan> scans) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public DeltaFileScan {
        files = List.copyOf(files);
        rowFiles = Map.copyOf(rowFiles);
        scans = List.copyOf(scans);
    }

    /** One data file of the table: its file name and its statistics (null if it has none). */
    public record DataFile(String name, JsonNode stats) {
    }

    /** A query with a filter: the keys of the rows it returned and the number of files its scan read. */
    public record FilteredScan(String filter, List<String> keys, long filesRead) {
        public FilteredScan {
            keys = List.copyOf(keys);
        }
    }

    /** The scan of the filter given as {@code filter}. */
    public FilteredScan scan(String filter) {
        return scans.stream().filter(s -> s.filter().equals(filter)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scan for filter " + filter));
    }

    static DeltaFileScan parse(Path file) {
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            List<DataFile> files = new ArrayList<>();
            for (JsonNode f : root.path("files")) {
                JsonNode stats = f.get("stats");
                files.add(new DataFile(f.path("name").asText(), stats == null || stats.isNull() ? null : stats));
            }
            Map<String, String> rowFiles = new LinkedHashMap<>();
            root.path("rowFiles").fields().forEachRemaining(e -> rowFiles.put(e.getKey(), e.getValue().asText()));
            List<FilteredScan> scans = new ArrayList<>();
            for (JsonNode s : root.path("scans")) {
                List<String> keys = new ArrayList<>();
                s.path("keys").forEach(k -> keys.add(k.asText()));
                scans.add(new FilteredScan(s.path("filter").asText(), keys, s.path("filesRead").asLong()));
            }
            return new DeltaFileScan(files, rowFiles, scans);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the Spark scan output " + file, e);
        }
    }
}
