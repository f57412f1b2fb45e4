package dev.medallion.sql.udf.ksqldb;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.ArgumentCount;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.ConstantArgumentCount;
import org.apache.flink.table.types.inference.InputTypeStrategy;
import org.apache.flink.table.types.inference.Signature;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the arguments of the ksqlDB-familiar aggregates when a query is planned: {@code (col [, n] [, ignore_nulls])}
 * where {@code col} is a simple type (number, string, boolean, date, time, timestamp; ksqlDB's functions take no MAP,
 * ARRAY or STRUCT either), {@code n} an INT constant within bounds and {@code ignore_nulls} a BOOLEAN constant.
 * A wrong call fails planning with a message naming the function, the argument and the allowed values.
 */
final class AggregateArguments implements InputTypeStrategy {
    private final String function;
    private final String countName;
    private final boolean countRequired;
    private final boolean countAllowed;
    private final boolean ignoreNullsAllowed;
    private final int maxCount;

    private AggregateArguments(String function, String countName, boolean countAllowed, boolean countRequired,
                               boolean ignoreNullsAllowed, int maxCount) {
        this.function = function;
        this.countName = countName;
        this.countAllowed = countAllowed;
        this.countRequired = countRequired;
        this.ignoreNullsAllowed = ignoreNullsAllowed;
        this.maxCount = maxCount;
    }

    /** {@code (col)}. */
    static AggregateArguments valueOnly(String function) {
        return new AggregateArguments(function, null, false, false, false, 0);
    }

    /** {@code (col, k)} with 1 &le; k &le; max. */
    static AggregateArguments valueAndCount(String function, String countName, int max) {
        return new AggregateArguments(function, countName, true, true, false, max);
    }

    /** {@code (col [, n] [, ignore_nulls])} with 1 &le; n &le; max. */
    static AggregateArguments valueOptionalCountOptionalIgnoreNulls(String function, String countName, int max) {
        return new AggregateArguments(function, countName, true, false, true, max);
    }

    @Override
    public ArgumentCount getArgumentCount() {
        int min = countRequired ? 2 : 1;
        int max = 1 + (countAllowed ? 1 : 0) + (ignoreNullsAllowed ? 1 : 0);
        return ConstantArgumentCount.between(min, max);
    }

    @Override
    public Optional<List<DataType>> inferInputTypes(CallContext context, boolean throwOnFailure) {
        List<DataType> args = context.getArgumentDataTypes();
        LogicalType valueType = args.get(0).getLogicalType();
        if (!isSimple(valueType)) {
            return context.fail(throwOnFailure, "%s takes a number, string, boolean, date, time or timestamp column,"
                    + " not %s", function, valueType.asSummaryString());
        }
        List<DataType> types = new ArrayList<>(args);
        int position = 1;
        if (countAllowed && position < args.size()
                && args.get(position).getLogicalType().is(LogicalTypeFamily.INTEGER_NUMERIC)) {
            if (literalCheckable(context, position)) {
                if (!context.isArgumentLiteral(position)) {
                    return context.fail(throwOnFailure, "%s: %s must be a constant between 1 and %d", function,
                            countName, maxCount);
                }
                Optional<Integer> count = args.get(position).getLogicalType().is(LogicalTypeRoot.INTEGER)
                        ? context.getArgumentValue(position, Integer.class) : Optional.empty();
                if (count.isEmpty() || count.get() < 1 || count.get() > maxCount) {
                    return context.fail(throwOnFailure, "%s: %s must be an INT constant between 1 and %d, but was %s",
                            function, countName, maxCount, count.map(String::valueOf).orElse("another value"));
                }
            }
            types.set(position, DataTypes.INT().notNull());
            position++;
        } else if (countRequired) {
            return context.fail(throwOnFailure, "%s needs %s, an INT constant between 1 and %d, as its second"
                    + " argument", function, countName, maxCount);
        }
        if (ignoreNullsAllowed && position < args.size()) {
            if (!args.get(position).getLogicalType().is(LogicalTypeRoot.BOOLEAN) || literalCheckable(context, position)
                    && (!context.isArgumentLiteral(position) || context.isArgumentNull(position))) {
                return context.fail(throwOnFailure, "%s: ignore_nulls must be TRUE or FALSE", function);
            }
            types.set(position, DataTypes.BOOLEAN().notNull());
            position++;
        }
        if (position < args.size()) {
            return context.fail(throwOnFailure, "%s: unexpected argument %d; expected %s", function, position + 1,
                    getExpectedSignatures(null).toString());
        }
        return Optional.of(types);
    }

    @Override
    public List<Signature> getExpectedSignatures(FunctionDefinition definition) {
        List<Signature> signatures = new ArrayList<>();
        Signature.Argument col = Signature.Argument.of("col", "<simple type>");
        Signature.Argument count = Signature.Argument.of(countName == null ? "n" : countName, "INT");
        Signature.Argument ignoreNulls = Signature.Argument.of("ignore_nulls", "BOOLEAN");
        if (!countRequired) {
            signatures.add(Signature.of(col));
        }
        if (countAllowed) {
            signatures.add(Signature.of(col, count));
        }
        if (ignoreNullsAllowed) {
            signatures.add(Signature.of(col, ignoreNulls));
            signatures.add(Signature.of(col, count, ignoreNulls));
        }
        return signatures;
    }

    /**
     * Whether the call context can tell literals apart. The SQL validator can; when the planner builds the aggregate
     * operator later, the arguments are already input fields and Flink refuses the question. The arguments were
     * checked by then, and the functions check the values again at run time.
     */
    private static boolean literalCheckable(CallContext context, int position) {
        try {
            context.isArgumentLiteral(position);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    static boolean isSimple(LogicalType type) {
        return type.is(LogicalTypeFamily.NUMERIC) || type.is(LogicalTypeFamily.CHARACTER_STRING)
                || type.is(LogicalTypeRoot.BOOLEAN) || type.is(LogicalTypeRoot.DATE)
                || type.is(LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE) || type.is(LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE)
                || type.is(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
    }
}
