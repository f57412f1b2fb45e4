package dev.medallion.serving.query;

import java.util.List;
import java.util.OptionalLong;

/**
 * A merged answer: buckets in (start, series) order, the boundary used (epoch hour; empty: no batch hour is final
 * yet, all from speed), the batch table version read, and gaps: minutes at or after the boundary that the speed view
 * no longer holds (evicted past its max age while batch lagged), which no source can serve.
 */
public record MetricsResult(List<Bucket> buckets, OptionalLong boundaryEpochHour, long batchTableVersion,
                            List<long[]> gapMinutes, boolean truncated) {
}
