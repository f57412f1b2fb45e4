package dev.medallion.sql.udf;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.types.inference.InputTypeStrategies;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;

/**
 * {@code APPROX_PERCENTILE(value, p)}: the approximate {@code p}-quantile (0 &lt; p &lt; 1) of a numeric column, from a
 * t-digest.
 *
 * <p>Memory per group is bounded (a few KB) whatever the number of rows, and partial digests merge, so Flink can run
 * it as a two-phase (local/global) window aggregate. Nulls and NaN are ignored; an empty group gives null. Any numeric
 * argument type is accepted (the planner casts it to DOUBLE); {@code p} must be the same constant for every row.
 * Register it with {@code CREATE TEMPORARY SYSTEM FUNCTION APPROX_PERCENTILE AS 'dev.medallion.sql.udf.ApproxPercentile'}.
 */
public final class ApproxPercentile extends AggregateFunction<Double, PercentileAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public PercentileAccumulator createAccumulator() {
        return new PercentileAccumulator();
    }

    public void accumulate(PercentileAccumulator acc, Double value, Double p) {
        if (Double.isNaN(acc.quantile())) {
            acc.quantile(checkedQuantile(p));
        }
        if (value != null && !value.isNaN()) {
            acc.add(value);
        }
    }

    public void merge(PercentileAccumulator acc, Iterable<PercentileAccumulator> others) {
        for (PercentileAccumulator other : others) {
            acc.merge(other);
        }
    }

    public void resetAccumulator(PercentileAccumulator acc) {
        acc.reset();
    }

    @Override
    public Double getValue(PercentileAccumulator acc) {
        if (acc.size() == 0 || Double.isNaN(acc.quantile())) {
            return null;
        }
        return acc.estimate(acc.quantile());
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return TypeInference.newBuilder()
                // explicitSequence lets the planner insert implicit casts: BIGINT columns and DECIMAL literals (0.95).
                .inputTypeStrategy(InputTypeStrategies.explicitSequence(
                        new String[] {"value", "p"},
                        new org.apache.flink.table.types.DataType[] {DataTypes.DOUBLE(), DataTypes.DOUBLE()}))
                .accumulatorTypeStrategy(TypeStrategies.explicit(
                        DataTypes.RAW(PercentileAccumulator.class, PercentileAccumulatorSerializer.INSTANCE)))
                .outputTypeStrategy(TypeStrategies.explicit(DataTypes.DOUBLE()))
                .build();
    }

    static double checkedQuantile(Double p) {
        if (p == null || p.isNaN() || p <= 0 || p >= 1) {
            throw new IllegalArgumentException("APPROX_PERCENTILE: the percentile must be a constant between 0 and 1"
                    + " (exclusive), e.g. 0.95 for p95, but was " + p);
        }
        return p;
    }
}
