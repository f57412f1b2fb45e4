package dev.medallion.delta.sink.schema;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a Spark SQL DDL column list (what {@code CREATE TABLE t (...)} and Spark's {@code StructType.fromDDL} take)
 * into a Delta struct type: {@code name TYPE [NOT NULL] [COMMENT 'text']}, comma separated, with back-quoted names,
 * {@code --} line comments, blank lines and a trailing comma. Types are Spark's, case-insensitive, with their
 * synonyms; {@code VARCHAR(n)}/{@code CHAR(n)} become STRING (Delta stores no length), {@code TIMESTAMP_LTZ} is
 * TIMESTAMP. A COMMENT becomes the field's {@code comment} metadata, which Spark's DESCRIBE shows.
 *
 * <p>The text comes from configuration, possibly from a file, so it is treated as hostile: its length and its nesting
 * depth are bounded (the recursion can never overflow the stack), and every error is an
 * {@link IllegalArgumentException} saying where (line, column) and what was expected. The parser knows nothing about
 * Connect: callers wrap its errors for their context.
 */
public final class DdlSchemaParser {
    /** Longest text accepted: a thousand columns with generous comments fit many times over. */
    public static final int MAX_LENGTH = 1024 * 1024;
    /** Deepest nesting of STRUCT/ARRAY/MAP, as the sink's {@code schema.max.depth} (a top-level struct is 1). */
    public static final int MAX_DEPTH = 32;

    private static final String SUPPORTED = "STRING, VARCHAR(n), CHAR(n), BOOLEAN, TINYINT, BYTE, SMALLINT, SHORT,"
            + " INT, INTEGER, BIGINT, LONG, FLOAT, REAL, DOUBLE, DECIMAL(p,s), DEC, NUMERIC, DATE, TIMESTAMP,"
            + " TIMESTAMP_LTZ, TIMESTAMP_NTZ, BINARY, ARRAY<T>, MAP<K, V>, STRUCT<name: T, ...>";

    private final String text;
    private int pos;

    private DdlSchemaParser(String text) {
        this.text = text;
    }

    /** The struct type {@code ddl} describes; throws {@link IllegalArgumentException} saying what is wrong where. */
    public static StructType parse(String ddl) {
        if (ddl == null) {
            throw new IllegalArgumentException("no columns: the DDL is empty");
        }
        if (ddl.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the DDL is " + ddl.length() + " characters long, longer than "
                    + MAX_LENGTH + " characters");
        }
        return new DdlSchemaParser(ddl).columns();
    }

    private StructType columns() {
        List<StructField> fields = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        skipSpace();
        while (!atEnd()) {
            int start = pos;
            StructField field = field(false, 0);
            requireUnique(names, field.getName(), "column", start);
            fields.add(field);
            skipSpace();
            if (atEnd()) {
                break;
            }
            expect(',', "',' or end of input");
            skipSpace();   // a trailing comma is tolerated: the loop ends here on end of input
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("no columns: the DDL holds only blanks and comments; expected"
                    + " 'name TYPE [NOT NULL] [COMMENT ...]' entries separated by commas");
        }
        return new StructType(fields);
    }

    /** {@code name [:] TYPE [NOT NULL] [COMMENT 'text']}, the colon only inside STRUCT&lt;...&gt;. */
    private StructField field(boolean inStruct, int depth) {
        skipSpace();
        int start = pos;
        String name = identifier(inStruct ? "a field name" : "a column name");
        skipSpace();
        if (inStruct && peek() == ':') {
            pos++;
        }
        DataType type = type(depth);
        boolean nullable = true;
        String comment = null;
        while (true) {
            skipSpace();
            int optionStart = pos;
            String word = peekWord();
            if (word.equalsIgnoreCase("NOT")) {
                if (!nullable) {
                    throw error(optionStart, "NOT NULL given twice for " + name);
                }
                pos += word.length();
                skipSpace();
                if (!peekWord().equalsIgnoreCase("NULL")) {
                    throw error(pos, "expected NULL after NOT but found " + found());
                }
                pos += 4;
                nullable = false;
            } else if (word.equalsIgnoreCase("COMMENT")) {
                if (comment != null) {
                    throw error(optionStart, "COMMENT given twice for " + name);
                }
                pos += word.length();
                skipSpace();
                comment = string();
            } else {
                break;
            }
        }
        if (name.isEmpty()) {
            throw error(start, "a name must not be empty");
        }
        FieldMetadata metadata = comment == null ? FieldMetadata.empty()
                : FieldMetadata.builder().putString("comment", comment).build();
        return new StructField(name, type, nullable, metadata);
    }

    private DataType type(int depth) {
        skipSpace();
        int start = pos;
        String word = peekWord();
        if (word.isEmpty() || Character.isDigit(word.charAt(0))) {
            throw error(start, "expected a type (" + SUPPORTED + ") but found " + found());
        }
        pos += word.length();
        switch (word.toUpperCase(Locale.ROOT)) {
            case "STRING":
                return StringType.STRING;
            case "VARCHAR":
            case "CHAR":
                // Delta keeps no length; Spark itself stores such columns as STRING (with a length check on write).
                openParen();
                positiveInt("a length");
                closeParen();
                return StringType.STRING;
            case "BOOLEAN":
                return BooleanType.BOOLEAN;
            case "TINYINT":
            case "BYTE":
                return ByteType.BYTE;
            case "SMALLINT":
            case "SHORT":
                return ShortType.SHORT;
            case "INT":
            case "INTEGER":
                return IntegerType.INTEGER;
            case "BIGINT":
            case "LONG":
                return LongType.LONG;
            case "FLOAT":
            case "REAL":
                return FloatType.FLOAT;
            case "DOUBLE":
                return DoubleType.DOUBLE;
            case "DECIMAL":
            case "DEC":
            case "NUMERIC":
                return decimal(start);
            case "DATE":
                return DateType.DATE;
            case "TIMESTAMP":
            case "TIMESTAMP_LTZ":
                return TimestampType.TIMESTAMP;
            case "TIMESTAMP_NTZ":
                return TimestampNTZType.TIMESTAMP_NTZ;
            case "BINARY":
                return BinaryType.BINARY;
            case "ARRAY": {
                int nested = nest(depth, start);
                expectAfterSpace('<', "'<' after ARRAY");
                DataType element = type(nested);
                expectAfterSpace('>', "'>' closing ARRAY<");
                return new ArrayType(element, true);
            }
            case "MAP": {
                int nested = nest(depth, start);
                expectAfterSpace('<', "'<' after MAP");
                DataType key = type(nested);
                expectAfterSpace(',', "',' between the key and value types of MAP<");
                DataType value = type(nested);
                expectAfterSpace('>', "'>' closing MAP<");
                return new MapType(key, value, true);
            }
            case "STRUCT":
                return struct(nest(depth, start));
            default:
                throw error(start, "unknown type " + word + "; supported: " + SUPPORTED);
        }
    }

    private StructType struct(int depth) {
        expectAfterSpace('<', "'<' after STRUCT");
        List<StructField> fields = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        skipSpace();
        if (peek() == '>') {
            pos++;
            return new StructType(fields);
        }
        while (true) {
            skipSpace();
            int start = pos;
            StructField field = field(true, depth);
            requireUnique(names, field.getName(), "field", start);
            fields.add(field);
            skipSpace();
            if (peek() == '>') {
                pos++;
                return new StructType(fields);
            }
            expect(',', "',' or '>' in STRUCT<");
        }
    }

    /** The depth of a type nested in one at {@code depth}; refused beyond {@link #MAX_DEPTH}. */
    private int nest(int depth, int start) {
        if (depth + 1 > MAX_DEPTH) {
            throw error(start, "types nested deeper than " + MAX_DEPTH + " levels of STRUCT/ARRAY/MAP");
        }
        return depth + 1;
    }

    private DecimalType decimal(int start) {
        skipSpace();
        if (peek() != '(') {
            return new DecimalType(10, 0);   // Spark's default for a bare DECIMAL
        }
        pos++;
        int precision = positiveInt("a precision");
        int scale = 0;
        skipSpace();
        if (peek() == ',') {
            pos++;
            scale = nonNegativeInt("a scale");
        }
        closeParen();
        if (precision > 38 || scale > precision) {
            throw error(start, "DECIMAL(" + precision + "," + scale + ") is out of range: precision must be 1..38"
                    + " and scale 0..precision");
        }
        return new DecimalType(precision, scale);
    }

    private void openParen() {
        expectAfterSpace('(', "'('");
    }

    private void closeParen() {
        expectAfterSpace(')', "')'");
    }

    private int positiveInt(String what) {
        int start = pos;
        int value = nonNegativeInt(what);
        if (value == 0) {
            throw error(start, "expected " + what + " of at least 1 but found 0");
        }
        return value;
    }

    private int nonNegativeInt(String what) {
        skipSpace();
        int start = pos;
        while (!atEnd() && Character.isDigit(text.charAt(pos)) && pos - start < 10) {
            pos++;
        }
        if (pos == start) {
            throw error(start, "expected " + what + " (a number) but found " + found());
        }
        long value = Long.parseLong(text.substring(start, pos));
        if (value > Integer.MAX_VALUE || (!atEnd() && Character.isDigit(text.charAt(pos)))) {
            throw error(start, "expected " + what + " but found a number too large");
        }
        return (int) value;
    }

    /** A plain name (letters, digits, underscores) or a back-quoted one, where {@code ``} stands for one back-quote. */
    private String identifier(String what) {
        int start = pos;
        if (peek() == '`') {
            pos++;
            StringBuilder name = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error(start, "unterminated back-quoted name: expected a closing '`'");
                }
                char c = text.charAt(pos++);
                if (c == '`') {
                    if (peek() == '`') {
                        name.append('`');
                        pos++;
                    } else {
                        return name.toString();
                    }
                } else {
                    name.append(c);
                }
            }
        }
        String word = peekWord();
        if (word.isEmpty()) {
            throw error(start, "expected " + what + " but found " + found());
        }
        pos += word.length();
        return word;
    }

    /** A string literal in single or double quotes with Spark's backslash escapes. */
    private String string() {
        int start = pos;
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw error(start, "expected a quoted comment but found " + found());
        }
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error(start, "unterminated string: expected a closing " + quote);
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return value.toString();
            }
            if (c == '\\' && !atEnd()) {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '0' -> value.append('\0');
                    default -> value.append(e);   // \' \" \\ and any other escaped character stand for themselves
                }
            } else {
                value.append(c);
            }
        }
    }

    private void requireUnique(Map<String, String> names, String name, String what, int start) {
        // Spark and Delta compare names case-insensitively: id and ID cannot both be columns.
        String previous = names.put(name.toLowerCase(Locale.ROOT), name);
        if (previous != null) {
            throw error(start, "duplicate " + what + " name " + name + " (same as " + previous
                    + "; names are case-insensitive)");
        }
    }

    private void expect(char c, String expected) {
        if (peek() != c || atEnd()) {
            throw error(pos, "expected " + expected + " but found " + found());
        }
        pos++;
    }

    private void expectAfterSpace(char c, String expected) {
        skipSpace();
        expect(c, expected);
    }

    /** The run of letters, digits and underscores at the current position (not consumed). */
    private String peekWord() {
        int end = pos;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        return text.substring(pos, end);
    }

    /** Skips white space and {@code --} comments up to the end of their line. */
    private void skipSpace() {
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == '-') {
                while (!atEnd() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return atEnd() ? '\0' : text.charAt(pos);
    }

    private String found() {
        if (atEnd()) {
            return "end of input";
        }
        String word = peekWord();
        if (!word.isEmpty()) {
            return "'" + (word.length() > 40 ? word.substring(0, 40) + "..." : word) + "'";
        }
        return "'" + text.charAt(pos) + "'";
    }

    private IllegalArgumentException error(int at, String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new IllegalArgumentException("DDL schema, line " + line + ", column " + (at - lineStart + 1) + ": "
                + message);
    }
}
