package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the transaction log ({@code _delta_log/NNNNNNNNNNNNNNNNNNNN.json}) of one local Delta table and keeps a
 * running count of commits, live data files and rows, reading each commit file only once.
 *
 * <p>It is cheap enough to call every second while the pipeline runs. Rows come from the {@code numRecords} statistic
 * that writers put in each {@code add} action; files without that statistic are counted in {@link #filesWithoutStats()}
 * so a missing count is visible rather than silently zero. It is a progress gauge, not the table reader that verifies
 * the data: tests read the tables back with Delta Kernel / Spark.
 */
public final class DeltaLogScanner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path table;
    private final Path log;
    private final Map<String, Long> liveFiles = new HashMap<>();
    private long nextVersion;
    private long rows;
    private long filesWithoutStats;
    private long lastCommitMillis = -1;
    private final List<AddedFile> newlyAdded = new ArrayList<>();

    public DeltaLogScanner(Path table) {
        this.table = table;
        this.log = table.resolve("_delta_log");
    }

    /** The state of the table as far as it was scanned. */
    public record Snapshot(long commits, long files, long rows, long filesWithoutStats, long lastCommitMillis) {
        public static final Snapshot NONE = new Snapshot(0, 0, 0, 0, -1);
    }

    /** A data file a commit added: its absolute URI and the commit's timestamp (when it became visible). */
    public record AddedFile(String uri, long sizeBytes, long commitMillis) {
    }

    public Path table() {
        return table;
    }

    /** Reads the commits written since the last call and returns the table's state. */
    public synchronized Snapshot refresh() {
        while (true) {
            Path commit = log.resolve(String.format("%020d.json", nextVersion));
            String text;
            try {
                text = Files.readString(commit, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                break;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read Delta commit " + commit, e);
            }
            if (!apply(text)) {
                break; // a commit file still being written: read it again on the next call
            }
            nextVersion++;
        }
        return snapshot();
    }

    /** The files added by the commits scanned since the previous call, oldest first. */
    public synchronized List<AddedFile> drainAddedFiles() {
        List<AddedFile> drained = List.copyOf(newlyAdded);
        newlyAdded.clear();
        return drained;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(nextVersion, liveFiles.size(), rows, filesWithoutStats, lastCommitMillis);
    }

    private boolean apply(String commitText) {
        Map<String, Long> added = new HashMap<>();
        Map<String, Long> addedSizes = new HashMap<>();
        Map<String, Boolean> removed = new HashMap<>();
        long commitMillis = -1;
        try {
            for (String line : commitText.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode action = JSON.readTree(line);
                if (action.has("add")) {
                    JsonNode add = action.get("add");
                    added.put(add.path("path").asText(), numRecords(add));
                    addedSizes.put(add.path("path").asText(), add.path("size").asLong());
                } else if (action.has("remove")) {
                    removed.put(action.get("remove").path("path").asText(), Boolean.TRUE);
                } else if (action.has("commitInfo")) {
                    commitMillis = action.get("commitInfo").path("timestamp").asLong(-1);
                }
            }
        } catch (IOException e) {
            return false;
        }
        for (String path : removed.keySet()) {
            Long count = liveFiles.remove(path);
            if (count != null) {
                if (count < 0) {
                    filesWithoutStats--;
                } else {
                    rows -= count;
                }
            }
        }
        long visibleAt = commitMillis >= 0 ? commitMillis : System.currentTimeMillis();
        for (Map.Entry<String, Long> add : added.entrySet()) {
            Long previous = liveFiles.put(add.getKey(), add.getValue());
            if (previous != null) {
                continue; // re-adding a live file (e.g. a stats update) does not add rows
            }
            newlyAdded.add(new AddedFile(resolve(add.getKey()), addedSizes.get(add.getKey()), visibleAt));
            if (add.getValue() < 0) {
                filesWithoutStats++;
            } else {
                rows += add.getValue();
            }
        }
        if (commitMillis >= 0) {
            lastCommitMillis = commitMillis;
        }
        return true;
    }

    /** Add paths are URL-encoded and relative to the table, or absolute URIs. */
    private String resolve(String path) {
        java.net.URI uri = java.net.URI.create(path);
        return uri.isAbsolute() ? uri.toString() : table.toUri().resolve(uri).toString();
    }

    private static long numRecords(JsonNode add) throws IOException {
        JsonNode stats = add.get("stats");
        if (stats == null || stats.isNull() || stats.asText().isEmpty()) {
            return -1;
        }
        JsonNode parsed = JSON.readTree(stats.asText());
        return parsed.has("numRecords") ? parsed.get("numRecords").asLong() : -1;
    }
}
