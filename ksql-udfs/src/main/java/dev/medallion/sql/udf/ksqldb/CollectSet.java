package dev.medallion.sql.udf.ksqldb;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;

import java.util.List;
import java.util.Optional;

/**
 * {@code COLLECT_SET(col)}: an array of the group's distinct values in the order they first arrived, null included,
 * at most {@value #LIMIT} (further distinct values are ignored, as with ksqlDB's default
 * {@code ksql.functions.collect_set.limit}). Copies are counted, so a retraction removes a value only with its last
 * copy. Register it with {@code CREATE TEMPORARY SYSTEM FUNCTION COLLECT_SET AS
 * 'dev.medallion.sql.udf.ksqldb.CollectSet'}.
 */
public final class CollectSet extends AggregateFunction<Object, ValueCounts> {
    private static final long serialVersionUID = 1L;

    /** ksqlDB's default limit. */
    public static final int LIMIT = 1000;

    @Override
    public ValueCounts createAccumulator() {
        return new ValueCounts();
    }

    public void accumulate(ValueCounts acc, Object value) {
        configure(acc).add(value);
    }

    public void retract(ValueCounts acc, Object value) {
        configure(acc).retract(value);
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
        return acc.configured() ? acc.distinct() : List.of();
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return TypeInference.newBuilder()
                .inputTypeStrategy(AggregateArguments.valueOnly("COLLECT_SET"))
                .accumulatorTypeStrategy(TypeStrategies.explicit(
                        DataTypes.RAW(ValueCounts.class, ValueCountsSerializer.INSTANCE)))
                .outputTypeStrategy(context -> Optional.of(DataTypes.ARRAY(
                        context.getArgumentDataTypes().get(0).nullable()).bridgedTo(List.class)))
                .build();
    }

    private static ValueCounts configure(ValueCounts acc) {
        acc.configure(ValueCounts.Order.FIRST_SEEN, LIMIT, false, LIMIT);
        return acc;
    }
}
