package dev.medallion.sql.udf.ksqldb;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;

import java.util.List;
import java.util.Optional;

/**
 * {@code COLLECT_LIST(col)}: an array of the group's values in arrival order, nulls included, at most
 * {@value #LIMIT} (later values are ignored, as with ksqlDB's default {@code ksql.functions.collect_list.limit}).
 * A retraction removes one copy of the value. Register it with {@code CREATE TEMPORARY SYSTEM FUNCTION COLLECT_LIST AS
 * 'dev.medallion.sql.udf.ksqldb.CollectList'}.
 */
public final class CollectList extends AggregateFunction<Object, ArrivalLog> {
    private static final long serialVersionUID = 1L;

    /** ksqlDB's default (and Confluent Cloud's fixed) limit. */
    public static final int LIMIT = 1000;

    @Override
    public ArrivalLog createAccumulator() {
        return new ArrivalLog();
    }

    public void accumulate(ArrivalLog acc, Object value) {
        configure(acc).add(value);
    }

    public void retract(ArrivalLog acc, Object value) {
        configure(acc).retract(value);
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
        return acc.all();
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return TypeInference.newBuilder()
                .inputTypeStrategy(AggregateArguments.valueOnly("COLLECT_LIST"))
                .accumulatorTypeStrategy(TypeStrategies.explicit(
                        DataTypes.RAW(ArrivalLog.class, ArrivalLogSerializer.INSTANCE)))
                .outputTypeStrategy(context -> Optional.of(DataTypes.ARRAY(
                        context.getArgumentDataTypes().get(0).nullable()).bridgedTo(List.class)))
                .build();
    }

    private static ArrivalLog configure(ArrivalLog acc) {
        acc.configure(LIMIT, false, false, LIMIT, true);
        return acc;
    }
}
