package dev.medallion.delta.sink.write;

import io.delta.kernel.expressions.Literal;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;

import java.math.BigDecimal;

/**
 * Kernel literals of scalar values in the sink's row representation (see {@link RowConverter}: Integer for
 * byte/short/int/date, Long for bigint and microsecond timestamps, BigDecimal for decimals), for partition values and
 * file statistics alike.
 */
final class RowLiterals {
    private RowLiterals() {
    }

    static Literal of(Object v, DataType type) {
        if (v == null) {
            return Literal.ofNull(type);
        }
        if (type instanceof StringType) {
            return Literal.ofString((String) v);
        }
        if (type instanceof IntegerType) {
            return Literal.ofInt((Integer) v);
        }
        if (type instanceof LongType) {
            return Literal.ofLong((Long) v);
        }
        if (type instanceof ShortType) {
            return Literal.ofShort((short) (int) (Integer) v);
        }
        if (type instanceof ByteType) {
            return Literal.ofByte((byte) (int) (Integer) v);
        }
        if (type instanceof DateType) {
            return Literal.ofDate((Integer) v);
        }
        if (type instanceof BooleanType) {
            return Literal.ofBoolean((Boolean) v);
        }
        if (type instanceof TimestampType) {
            return Literal.ofTimestamp((Long) v);
        }
        if (type instanceof TimestampNTZType) {
            return Literal.ofTimestampNtz((Long) v);
        }
        if (type instanceof DoubleType) {
            return Literal.ofDouble((Double) v);
        }
        if (type instanceof FloatType) {
            return Literal.ofFloat((Float) v);
        }
        if (type instanceof DecimalType decimal) {
            return Literal.ofDecimal((BigDecimal) v, decimal.getPrecision(), decimal.getScale());
        }
        throw new IllegalArgumentException("no literal for values of type " + type);
    }
}
