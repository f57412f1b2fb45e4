package dev.medallion.serving.batch;

import java.time.Instant;
import java.time.LocalDate;

/** The latest data-quality score the batch layer recorded for one table ({@code gold/data_quality}). */
public record QualityScore(String table, LocalDate date, Instant runAt, double score, Double threshold) {
}
