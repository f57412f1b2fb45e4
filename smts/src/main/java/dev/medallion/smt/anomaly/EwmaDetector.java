package dev.medallion.smt.anomaly;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-key exponentially weighted mean and variance (West's incremental form) with a z-score test. A value is scored
 * against the statistics from before it arrived, then folded in. State is a bounded LRU map: when more than
 * {@code maxKeys} keys are live the least recently seen key is forgotten (and starts a fresh warm-up if it returns),
 * so memory stays flat whatever the key cardinality.
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
        double diff = x - s.mean;
        double increment = alpha * diff;
        s.mean += increment;
        s.variance = (1 - alpha) * (s.variance + diff * increment);
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
