package dev.medallion.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What earlier runs on the same data directory published, so a resumed run reconciles the tables (which hold every
 * run's rows) against every run's events. Saved atomically (write + rename) with each progress line.
 *
 * <p>{@code countedFromKafka}: some of these counts were rebuilt from Kafka after a killed run ({@link TopicLedger}),
 * so they are not independent of what the pipeline wrote; it stays set for every later run on the directory.
 */
public record RunLedger(long published, long invalid, long distinctValid, long duplicates, long late,
                        boolean countedFromKafka) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final RunLedger EMPTY = new RunLedger(0, 0, 0, 0, 0, false);

    public static RunLedger load(Path file) {
        if (!Files.exists(file)) {
            return EMPTY;
        }
        try {
            return JSON.readValue(file.toFile(), RunLedger.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the run ledger " + file
                    + "; delete it (the next summary then counts this run only)", e);
        }
    }

    public void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temp.toFile(), this);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the run ledger " + file, e);
        }
    }

    /** This ledger plus what {@code stats} counted in the current run. */
    public RunLedger plus(LoadStats stats) {
        return new RunLedger(published + stats.published(), invalid + stats.invalid(),
                distinctValid + stats.distinctValid(), duplicates + stats.duplicates(), late + stats.late(),
                countedFromKafka);
    }
}
