package dev.medallion.smt.anomaly;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-key exponentially weighted mean and variance (West's incremental form) with a z-score test. A value is scored
 * against the statistics from before it arrived, then folded in. State is a bounded LRU map: when more than
 * {@code maxKeys} keys are live the least recently seen key is forgotten (and starts a fresh warm-up if it returns),
 * so memory stays flat whatever the key cardinality. Outliers are learnt clipped to the threshold band and non-finite
 * values not at all, so one absurd value cannot blind a key.
 */
public final class EwmaDetector {
    /** Outcome for one value. {@code zScore} is NaN during warm-up or while the variance is still zero. */
    public record Score(boolean anomaly, double zScore, long observations) {
    }

    private static final class Stats {
        double mean;
        double variance;
        long count;
    }

    private final double alpha;
    private final double threshold;
    private final long warmup;
    private final LinkedHashMap<String, Stats> state;
    private long evictions;

    public EwmaDetector(double alpha, double threshold, long warmup, int maxKeys) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], was " + alpha);
        }
        this.alpha = alpha;
        this.threshold = threshold;
        this.warmup = warmup;
        this.state = new LinkedHashMap<>(Math.min(maxKeys, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Stats> eldest) {
                if (size() > maxKeys) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    public Score observe(String key, double x) {
        if (!Double.isFinite(x)) {
            // NaN or infinity cannot be scored and would poison the key's statistics for good.
            Stats known = state.get(key);
            return new Score(false, Double.NaN, known == null ? 0 : known.count);
        }
        Stats s = state.get(key);
        if (s == null) {
            s = new Stats();
            s.mean = x;
            s.count = 1;
            state.put(key, s);
            return new Score(false, Double.NaN, 1);
        }
        double std = Math.sqrt(s.variance);
        double z = std > 0 ? (x - s.mean) / std : Double.NaN;
        boolean anomaly = s.count >= warmup && !Double.isNaN(z) && Math.abs(z) >= threshold;
        // An outlier is learnt only up to the threshold: folding in a value such as Long.MAX_VALUE would inflate the
        // variance so far that the key flags nothing for thousands of records (or never again, once it overflows).
        // A real level shift still gets learnt: each clamped value widens the variance, so the band follows it.
        double learnt = anomaly ? s.mean + Math.copySign(threshold * std, x - s.mean) : x;
        double diff = learnt - s.mean;
        double increment = alpha * diff;
        double mean = s.mean + increment;
        double variance = (1 - alpha) * (s.variance + diff * increment);
        if (Double.isFinite(mean) && Double.isFinite(variance)) {
            // Not finite only for absurd values during warm-up (there is no band yet): those are not learnt at all.
            s.mean = mean;
            s.variance = variance;
        }
        s.count++;
        return new Score(anomaly, z, s.count);
    }

    public int keys() {
        return state.size();
    }

    public long evictions() {
        return evictions;
    }
}
