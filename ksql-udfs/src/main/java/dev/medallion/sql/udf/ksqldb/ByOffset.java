package dev.medallion.sql.udf.ksqldb;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

import java.util.List;
import java.util.Optional;

/**
 * Common part of {@link LatestByOffset} and {@link EarliestByOffset}: {@code (col [, n] [, ignore_nulls])}, the value
 * (or, with {@code n}, an array of the {@code n} values, oldest first) that arrived last or first in the group.
 *
 * <p>"Offset" is the order in which rows reach the aggregating Flink task: Kafka offset order for the rows of one
 * partition; rows of different partitions interleave as the task reads them. Nulls are skipped unless
 * {@code ignore_nulls} is FALSE, as in ksqlDB. A group keeps at most {@code n + }{@value #RETRACTION_RESERVE} values,
 * the reserve serving retractions (updates and deletes of an updating input).
 */
public abstract class ByOffset extends AggregateFunction<Object, ArrivalLog> {
    private static final long serialVersionUID = 1L;

    /** Largest n: keeps a group's state at a few KB for simple values. */
    public static final int MAX_N = 1000;
    /** Values kept beyond n, so that a deleted value can be replaced by the one that arrived before (or after) it. */
    public static final int RETRACTION_RESERVE = 16;

    private final String name;
    private final boolean latest;

    protected ByOffset(String name, boolean latest) {
        this.name = name;
        this.latest = latest;
    }

    @Override
    public ArrivalLog createAccumulator() {
        return new ArrivalLog();
    }

    public void accumulate(ArrivalLog acc, Object value) {
        configure(acc, 1, false, true).add(value);
    }

    public void accumulate(ArrivalLog acc, Object value, Integer n) {
        configure(acc, n, true, true).add(value);
    }

    public void accumulate(ArrivalLog acc, Object value, Boolean ignoreNulls) {
        configure(acc, 1, false, ignoreNulls).add(value);
    }

    public void accumulate(ArrivalLog acc, Object value, Integer n, Boolean ignoreNulls) {
        configure(acc, n, true, ignoreNulls).add(value);
    }

    public void retract(ArrivalLog acc, Object value) {
        configure(acc, 1, false, true).retract(value);
    }

    public void retract(ArrivalLog acc, Object value, Integer n) {
        configure(acc, n, true, true).retract(value);
    }

    public void retract(ArrivalLog acc, Object value, Boolean ignoreNulls) {
        configure(acc, 1, false, ignoreNulls).retract(value);
    }

    public void retract(ArrivalLog acc, Object value, Integer n, Boolean ignoreNulls) {
        configure(acc, n, true, ignoreNulls).retract(value);
    }

    public void merge(ArrivalLog acc, Iterable<ArrivalLog> others) {
        for (ArrivalLog other : others) {
            acc.merge(other);
        }
    }

    public void resetAccumulator(ArrivalLog acc) {
        acc.clear();
    }

    @Override
    public Object getValue(ArrivalLog acc) {
        if (!acc.configured()) {
            return null;
        }
        List<Object> values = latest ? acc.latest() : acc.earliest();
        if (acc.arrayResult()) {
            return values;
        }
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return TypeInference.newBuilder()
                .inputTypeStrategy(AggregateArguments.valueOptionalCountOptionalIgnoreNulls(name, "n", MAX_N))
                .accumulatorTypeStrategy(TypeStrategies.explicit(
                        DataTypes.RAW(ArrivalLog.class, ArrivalLogSerializer.INSTANCE)))
                .outputTypeStrategy(context -> {
                    List<DataType> args = context.getArgumentDataTypes();
                    DataType value = args.get(0).nullable();
                    boolean array = args.size() > 1 && args.get(1).getLogicalType().is(LogicalTypeFamily.INTEGER_NUMERIC);
                    return Optional.of(array ? DataTypes.ARRAY(value).bridgedTo(List.class) : value);
                })
                .build();
    }

    private ArrivalLog configure(ArrivalLog acc, Integer n, boolean array, Boolean ignoreNulls) {
        int size = checkedCount(name, "n", n);
        // Keeping the latest values drops the oldest when full; keeping the earliest ignores later arrivals.
        acc.configure(size + RETRACTION_RESERVE, latest, ignoreNulls == null || ignoreNulls, size, array);
        return acc;
    }

    /** Planning already checks constant arguments; this guards direct calls (and tests) with the same message. */
    static int checkedCount(String function, String argument, Integer count) {
        if (count == null || count < 1 || count > MAX_N) {
            throw new IllegalArgumentException(function + ": " + argument + " must be an INT constant between 1 and "
                    + MAX_N + ", but was " + count);
        }
        return count;
    }
}
