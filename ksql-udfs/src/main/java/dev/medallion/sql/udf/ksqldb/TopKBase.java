package dev.medallion.sql.udf.ksqldb;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;

import java.util.List;
import java.util.Optional;

/**
 * Common part of {@link TopK} and {@link TopKDistinct}: {@code (col, k)}, an array of the {@code k} largest values of
 * the group, largest first; nulls are ignored, as in ksqlDB. A group keeps at most
 * {@code k + }{@value ByOffset#RETRACTION_RESERVE} values (copies for TOPK, distinct values for TOPKDISTINCT), the
 * reserve serving retractions (updates and deletes of an updating input).
 */
public abstract class TopKBase extends AggregateFunction<Object, ValueCounts> {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final boolean distinct;

    protected TopKBase(String name, boolean distinct) {
        this.name = name;
        this.distinct = distinct;
    }

    @Override
    public ValueCounts createAccumulator() {
        return new ValueCounts();
    }

    public void accumulate(ValueCounts acc, Object value, Integer k) {
        configure(acc, k);
        if (value != null) {
            acc.add(value);
        }
    }

    public void retract(ValueCounts acc, Object value, Integer k) {
        configure(acc, k);
        if (value != null) {
            acc.retract(value);
        }
    }

    public void merge(ValueCounts acc, Iterable<ValueCounts> others) {
        for (ValueCounts other : others) {
            acc.merge(other);
        }
    }

    public void resetAccumulator(ValueCounts acc) {
        acc.clear();
    }

    @Override
    public Object getValue(ValueCounts acc) {
        if (!acc.configured()) {
            return List.of();
        }
        return distinct ? acc.distinct() : acc.copies();
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return TypeInference.newBuilder()
                .inputTypeStrategy(AggregateArguments.valueAndCount(name, "k", ByOffset.MAX_N))
                .accumulatorTypeStrategy(TypeStrategies.explicit(
                        DataTypes.RAW(ValueCounts.class, ValueCountsSerializer.INSTANCE)))
                .outputTypeStrategy(context -> Optional.of(DataTypes.ARRAY(
                        context.getArgumentDataTypes().get(0).nullable()).bridgedTo(List.class)))
                .build();
    }

    private void configure(ValueCounts acc, Integer k) {
        int size = ByOffset.checkedCount(name, "k", k);
        acc.configure(ValueCounts.Order.LARGEST_FIRST, size + ByOffset.RETRACTION_RESERVE, !distinct, size);
    }
}
