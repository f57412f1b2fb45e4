package dev.medallion.delta.sink.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes real Parquet files with the sink's own {@link DataFileWriter} (small row groups, so statistics are merged over
 * several) and checks the Delta statistics taken from their footers against values computed here from the rows.
 */
class ParquetFooterStatisticsTest {
    private static final int ROWS = 1000;
    /** parquet-mr checks the row group size after 100 rows at the earliest: a few hundred rows per row group. */
    private static final int SMALL_ROW_GROUP_BYTES = 1024;
    /** Code point order, which is UTF-8 byte order: how Delta readers compare strings. */
    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    @TempDir
    java.nio.file.Path dir;
    private final Configuration conf = new Configuration();

    private static TableLayout layout(StructType schema, int numIndexedCols, String... partitionColumns) {
        return new TableLayout(schema, List.of(partitionColumns), null, null, null, true, 1 << 20, numIndexedCols, 0);
    }

    private DataFile write(TableLayout layout, List<Object[]> rows) throws Exception {
        return write(layout, rows, 1 << 20);
    }

    private DataFile write(TableLayout layout, List<Object[]> rows, int rowGroupBytes) throws Exception {
        DataFileWriter writer = new DataFileWriter(conf, newPath(), layout, Map.of(), CompressionCodecName.SNAPPY,
                rowGroupBytes);
        for (Object[] row : rows) {
            writer.write(row);
        }
        DataFile file = writer.finish();
        assertThat(file.statistics().getNumRecords()).isEqualTo(rows.size());
        return file;
    }

    private Path newPath() {
        return new Path(dir.resolve(UUID.randomUUID() + ".parquet").toString());
    }

    private int rowGroups(DataFile file) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file.path()), conf))) {
            return reader.getFooter().getBlocks().size();
        }
    }

    /** One column of the all-types table: how to get its value from a row and how to make a literal of it. */
    private record Expected(Column column, Function<Object[], Object> value, Comparator<Object> order,
                            Function<Object, Literal> literal) {
    }

    @SuppressWarnings("unchecked")
    private static <T> Comparator<Object> natural() {
        return (a, b) -> ((Comparable<Object>) a).compareTo(b);
    }

    private static Expected column(String name, int index, Function<Object, Literal> literal) {
        return new Expected(new Column(name), row -> row[index], natural(), literal);
    }

    private static StructType allTypes() {
        StructType inner = new StructType().add("label", StringType.STRING);
        StructType nested = new StructType().add("x", IntegerType.INTEGER).add("inner", inner);
        return new StructType()
                .add("id", LongType.LONG, false)
                .add("i", IntegerType.INTEGER)
                .add("sh", ShortType.SHORT)
                .add("b", ByteType.BYTE)
                .add("f", FloatType.FLOAT)
                .add("d", DoubleType.DOUBLE)
                .add("flag", BooleanType.BOOLEAN)
                .add("s", StringType.STRING)
                .add("bin", BinaryType.BINARY)
                .add("day", DateType.DATE)
                .add("ts", TimestampType.TIMESTAMP)
                .add("ntz", TimestampNTZType.TIMESTAMP_NTZ)
                .add("dec9", new DecimalType(9, 2))
                .add("dec18", new DecimalType(18, 4))
                .add("dec30", new DecimalType(30, 5))
                .add("nested", nested)
                .add("arr", new ArrayType(IntegerType.INTEGER, true))
                .add("m", new MapType(StringType.STRING, IntegerType.INTEGER, true))
                .add("nothing", StringType.STRING);
    }

    /** Seeded rows of {@link #allTypes()}: full value ranges with negatives, about 10 % nulls per column. */
    private static List<Object[]> allTypesRows() {
        Random rnd = new Random(20261125);
        String[] alphabet = {"a", "Z", "0", " ", "é", "ß", "日本", "\uD83D\uDE00", "~", "\u007F"};
        List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + rnd.nextInt(15);
            for (int k = 0; k < length; k++) {
                text.append(alphabet[rnd.nextInt(alphabet.length)]);
            }
            byte[] bytes = new byte[1 + rnd.nextInt(8)];
            rnd.nextBytes(bytes);
            BigInteger big = new BigInteger(96, rnd);
            Object[] nested = rnd.nextInt(10) == 0 ? null
                    : new Object[] {rnd.nextInt(2000) - 1000, rnd.nextInt(5) == 0 ? null : new Object[] {new StringBuilder(text).reverse().toString()}};
            Object[] row = {
                (long) r - 500,
                rnd.nextInt(),
                rnd.nextInt(65536) - 32768,
                rnd.nextInt(256) - 128,
                rnd.nextFloat() * 2000f - 1000f,
                rnd.nextGaussian() * 1e6,
                rnd.nextInt(3) == 0,
                text.toString(),
                bytes,
                rnd.nextInt(80_000) - 40_000,
                rnd.nextLong(-4_000_000_000_000_000L, 4_000_000_000_000_000L),
                rnd.nextLong(-4_000_000_000_000_000L, 4_000_000_000_000_000L),
                new BigDecimal(BigInteger.valueOf(rnd.nextInt(1_999_999_999) - 999_999_999), 2),
                new BigDecimal(BigInteger.valueOf(rnd.nextLong(-999_999_999_999_999_999L, 999_999_999_999_999_999L)), 4),
                new BigDecimal(rnd.nextBoolean() ? big : big.negate(), 5),
                nested,
                new Object[] {1, null, 3},
                new RowConverter.MapEntries(new Object[] {"k"}, new Object[] {r}),
                null,
            };
            for (int c = 1; c < row.length - 1; c++) {
                if (rnd.nextInt(10) == 0) {
                    row[c] = null;
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object nestedValue(Object[] row, int depth) {
        Object[] nested = (Object[]) row[15];
        if (nested == null) {
            return null;
        }
        if (depth == 0) {
            return nested[0];
        }
        Object[] inner = (Object[]) nested[1];
        return inner == null ? null : inner[0];
    }

    /** The smallest multiple of 1000 µs (a millisecond) not below {@code micros}. */
    private static long nextMillisecond(long micros) {
        long rest = Math.floorMod(micros, 1000L);
        return rest == 0 ? micros : micros - rest + 1000L;
    }

    @Test
    void everyTypeWithNegativesAndNullsGetsBoundsAndNullCountsMergedOverRowGroups() throws Exception {
        StructType schema = allTypes();
        List<Object[]> rows = allTypesRows();
        DataFile file = write(layout(schema, ParquetFooterStatistics.DEFAULT_NUM_INDEXED_COLS), rows, SMALL_ROW_GROUP_BYTES);
        assertThat(rowGroups(file)).as("row groups to merge").isGreaterThan(3);
        DataFileStatistics stats = file.statistics();

        List<Expected> exact = List.of(
                column("id", 0, v -> Literal.ofLong((Long) v)),
                column("i", 1, v -> Literal.ofInt((Integer) v)),
                column("sh", 2, v -> Literal.ofShort(((Integer) v).shortValue())),
                column("b", 3, v -> Literal.ofByte(((Integer) v).byteValue())),
                column("f", 4, v -> Literal.ofFloat((Float) v)),
                column("d", 5, v -> Literal.ofDouble((Double) v)),
                column("flag", 6, v -> Literal.ofBoolean((Boolean) v)),
                new Expected(new Column("s"), row -> row[7], (a, b) -> UTF8_ORDER.compare((String) a, (String) b),
                        v -> Literal.ofString((String) v)),
                column("day", 9, v -> Literal.ofDate((Integer) v)),
                column("dec9", 12, v -> Literal.ofDecimal((BigDecimal) v, 9, 2)),
                column("dec18", 13, v -> Literal.ofDecimal((BigDecimal) v, 18, 4)),
                column("dec30", 14, v -> Literal.ofDecimal((BigDecimal) v, 30, 5)),
                new Expected(new Column(new String[] {"nested", "x"}), row -> nestedValue(row, 0), natural(),
                        v -> Literal.ofInt((Integer) v)),
                new Expected(new Column(new String[] {"nested", "inner", "label"}), row -> nestedValue(row, 1),
                        (a, b) -> UTF8_ORDER.compare((String) a, (String) b), v -> Literal.ofString((String) v)));
        for (Expected e : exact) {
            List<Object> values = rows.stream().map(e.value).filter(Objects::nonNull).toList();
            long nulls = rows.stream().map(e.value).filter(Objects::isNull).count();
            assertThat(values).as("test data for %s", e.column).isNotEmpty();
            assertThat(stats.getMinValues()).as("min of %s", e.column)
                    .containsEntry(e.column, e.literal.apply(values.stream().min(e.order).orElseThrow()));
            assertThat(stats.getMaxValues()).as("max of %s", e.column)
                    .containsEntry(e.column, e.literal.apply(values.stream().max(e.order).orElseThrow()));
            assertThat(stats.getNullCount()).as("nulls of %s", e.column).containsEntry(e.column, nulls);
        }
        assertThat(stats.getMinValues()).as("negative values present")
                .containsEntry(new Column("id"), Literal.ofLong(-500));

        // Timestamps: the log keeps milliseconds, so the maximum is rounded up to stay an upper bound.
        for (int index : new int[] {10, 11}) {
            String name = index == 10 ? "ts" : "ntz";
            List<Long> values = rows.stream().map(r -> (Long) r[index]).filter(Objects::nonNull).toList();
            long min = values.stream().min(Long::compare).orElseThrow();
            long max = values.stream().max(Long::compare).orElseThrow();
            Function<Long, Literal> literal = index == 10 ? Literal::ofTimestamp : Literal::ofTimestampNtz;
            assertThat(stats.getMinValues()).containsEntry(new Column(name), literal.apply(min));
            assertThat(stats.getMaxValues()).containsEntry(new Column(name), literal.apply(nextMillisecond(max)));
            assertThat(stats.getNullCount()).containsEntry(new Column(name),
                    rows.stream().filter(r -> r[index] == null).count());
        }

        // Binary: null count only; arrays and maps: nothing; the all-null column: its null count only.
        Column bin = new Column("bin");
        assertThat(stats.getMinValues()).doesNotContainKeys(bin, new Column("arr"), new Column("m"), new Column("nothing"));
        assertThat(stats.getMaxValues()).doesNotContainKeys(bin, new Column("arr"), new Column("m"), new Column("nothing"));
        assertThat(stats.getNullCount()).doesNotContainKeys(new Column("arr"), new Column("m"))
                .containsEntry(bin, rows.stream().filter(r -> r[8] == null).count())
                .containsEntry(new Column("nothing"), (long) ROWS);

        // Kernel accepts every literal for the column's type and writes the JSON Delta readers parse.
        JsonNode json = new ObjectMapper().readTree(stats.serializeAsJson(schema));
        assertThat(json.path("numRecords").asLong()).isEqualTo(ROWS);
        assertThat(json.path("minValues").path("id").asLong()).isEqualTo(-500);
        assertThat(json.path("maxValues").path("nested").path("x").asInt())
                .isEqualTo(rows.stream().map(r -> nestedValue(r, 0)).filter(Objects::nonNull)
                        .mapToInt(v -> (Integer) v).max().orElseThrow());
        assertThat(json.path("minValues").path("day").asText()).isEqualTo(LocalDate.ofEpochDay(
                rows.stream().map(r -> r[9]).filter(Objects::nonNull).mapToInt(v -> (Integer) v).min().orElseThrow()).toString());
        assertThat(json.path("nullCount").path("nothing").asLong()).isEqualTo(ROWS);
    }

    @Test
    void statisticsUseThePhysicalPathsOfMappedColumnsIncludingNestedFields() throws Exception {
        StructType nested = new StructType().add(mapped("x", IntegerType.INTEGER, "col-x", 3));
        StructType schema = new StructType()
                .add(mapped("seq", LongType.LONG, "col-seq", 1))
                .add(mapped("geo", nested, "col-geo", 2));
        List<Object[]> rows = IntStream.range(0, 300)
                .mapToObj(i -> new Object[] {(long) i * 7 - 100, new Object[] {i % 11 == 0 ? null : -i}})
                .toList();
        DataFileStatistics stats = write(layout(schema, 32), rows).statistics();

        Column x = new Column(new String[] {"col-geo", "col-x"});
        assertThat(stats.getMinValues()).containsOnlyKeys(new Column("col-seq"), x)
                .containsEntry(new Column("col-seq"), Literal.ofLong(-100))
                .containsEntry(x, Literal.ofInt(-299));
        assertThat(stats.getMaxValues()).containsEntry(new Column("col-seq"), Literal.ofLong(299 * 7 - 100))
                .containsEntry(x, Literal.ofInt(-1));
        assertThat(stats.getNullCount()).containsEntry(x, IntStream.range(0, 300).filter(i -> i % 11 == 0).count());
    }

    private static StructField mapped(String name, DataType type, String physical, long id) {
        FieldMetadata metadata = FieldMetadata.builder()
                .putString(ParquetSchemas.PHYSICAL_NAME_KEY, physical)
                .putLong(ParquetSchemas.COLUMN_ID_KEY, id)
                .build();
        return new StructField(name, type, true, metadata);
    }

    @Test
    void nanIsLeftOutOfTheBoundsItWouldSpoil() throws Exception {
        StructType schema = new StructType().add("f", FloatType.FLOAT).add("d", DoubleType.DOUBLE)
                .add("all_nan", DoubleType.DOUBLE);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(new Object[] {i == 250 ? Float.NaN : (float) (i - 100), i == 0 ? Double.NaN : i * -0.5, Double.NaN});
        }
        DataFileStatistics stats = write(layout(schema, 32), rows).statistics();

        assertThat(stats.getMinValues()).containsEntry(new Column("f"), Literal.ofFloat(-100f))
                .containsEntry(new Column("d"), Literal.ofDouble(499 * -0.5))
                .doesNotContainKey(new Column("all_nan"));
        assertThat(stats.getMaxValues()).as("a NaN hides the real maximum").isEmpty();
        assertThat(stats.getNullCount()).containsEntry(new Column("f"), 0L).containsEntry(new Column("all_nan"), 0L);
    }

    @Test
    void stringsLongerThanThePrefixGetATruncatedMinimumAndAMaximumThatStaysAnUpperBound() throws Exception {
        String prefix = "x".repeat(ParquetFooterStatistics.STRING_PREFIX_LENGTH);
        StructType schema = new StructType().add("ascii", StringType.STRING).add("emoji", StringType.STRING)
                .add("short", StringType.STRING).add("top", StringType.STRING);
        String emoji = "\uD83D\uDE00";
        List<String> ascii = List.of("a".repeat(40) + "b", prefix + "yz", "m".repeat(33), "b");
        List<String> emojis = List.of(emoji.repeat(40), emoji.repeat(33) + "é", "é".repeat(50));
        List<String> top = List.of(prefix + "\uDBFF\uDFFF" + "tail", "a");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(new Object[] {ascii.get(i % ascii.size()), emojis.get(i % emojis.size()), "s" + (i % 10),
                top.get(i % top.size())});
        }
        DataFileStatistics stats = write(layout(schema, 32), rows).statistics();

        assertBounds(stats, "ascii", ascii);
        assertBounds(stats, "emoji", emojis);
        assertBounds(stats, "short", rows.stream().map(r -> (String) r[2]).toList());
        assertThat(stats.getMinValues()).containsEntry(new Column("ascii"), Literal.ofString("a".repeat(32)));
        assertThat(stats.getMaxValues()).as("prefix + DEL above the 'y' it replaces")
                .containsEntry(new Column("ascii"), Literal.ofString(prefix + "\u007F"));
        assertThat(stats.getMaxValues()).as("no code point above U+10FFFF: no maximum")
                .doesNotContainKey(new Column("top"));
        assertThat(stats.getMinValues()).containsEntry(new Column("top"), Literal.ofString("a"));
    }

    /** Min is a prefix of at most 32 code points and not above any value; max at most 33 and not below any value. */
    private static void assertBounds(DataFileStatistics stats, String column, List<String> values) {
        String min = (String) stats.getMinValues().get(new Column(column)).getValue();
        String max = (String) stats.getMaxValues().get(new Column(column)).getValue();
        String smallest = values.stream().min(UTF8_ORDER).orElseThrow();
        String largest = values.stream().max(UTF8_ORDER).orElseThrow();
        assertThat(smallest).startsWith(min);
        assertThat(min.codePointCount(0, min.length())).isEqualTo(Math.min(32, smallest.codePointCount(0, smallest.length())));
        assertThat(max.codePointCount(0, max.length())).isLessThanOrEqualTo(33);
        assertThat(UTF8_ORDER.compare(max, largest)).as("max %s >= %s", column, largest).isGreaterThanOrEqualTo(0);
        int keep = Math.min(32, largest.codePointCount(0, largest.length()));
        assertThat(max).startsWith(largest.substring(0, largest.offsetByCodePoints(0, keep)));
    }

    @Test
    void truncatedMaximumPicksACodePointAboveTheOneCutOff() {
        String prefix = "p".repeat(32);
        assertThat(ParquetFooterStatistics.truncatedMax(prefix)).isEqualTo(prefix);
        assertThat(ParquetFooterStatistics.truncatedMax(prefix + "a~")).isEqualTo(prefix + "\u007F");
        assertThat(ParquetFooterStatistics.truncatedMax(prefix + "\u007F")).isEqualTo(prefix + "\uDBFF\uDFFF");
        assertThat(ParquetFooterStatistics.truncatedMax(prefix + "日本")).isEqualTo(prefix + "\uDBFF\uDFFF");
        assertThat(ParquetFooterStatistics.truncatedMax(prefix + "\uDBFF\uDFFF")).isNull();
        String emojis = "\uD83D\uDE00".repeat(33);
        assertThat(ParquetFooterStatistics.truncatedMin(emojis)).isEqualTo("\uD83D\uDE00".repeat(32));
    }

    @Test
    void aColumnThatIsNullInSomeRowGroupsTakesItsBoundsFromTheOthersAndAnAllNullOneHasNone() throws Exception {
        // seq fills the row groups; nulls alone take so little memory that parquet-mr would never cut one.
        StructType schema = new StructType().add("seq", LongType.LONG).add("late", IntegerType.INTEGER)
                .add("never", DateType.DATE);
        int nullRows = 1600;
        List<Object[]> rows = IntStream.range(0, 2000)
                .mapToObj(i -> new Object[] {i * 7919L, i < nullRows ? null : 5000 - i, null}).toList();
        DataFile file = write(layout(schema, 32), rows, 1);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file.path()), conf))) {
            List<BlockMetaData> blocks = reader.getFooter().getBlocks();
            assertThat(blocks).as("row groups").hasSizeGreaterThan(1);
            assertThat(blocks.get(0).getRowCount()).as("the first row group has only nulls in 'late'")
                    .isLessThanOrEqualTo(nullRows);
        }
        DataFileStatistics stats = file.statistics();

        assertThat(stats.getMinValues()).containsOnlyKeys(new Column("seq"), new Column("late"))
                .containsEntry(new Column("late"), Literal.ofInt(3001));
        assertThat(stats.getMaxValues()).containsOnlyKeys(new Column("seq"), new Column("late"))
                .containsEntry(new Column("late"), Literal.ofInt(3400));
        assertThat(stats.getNullCount()).containsEntry(new Column("late"), (long) nullRows)
                .containsEntry(new Column("never"), 2000L);
    }

    @Test
    void onlyTheFirst32LeafColumnsGetStatisticsUnlessTheTableSaysOtherwise() throws Exception {
        StructType schema = new StructType();
        for (int c = 0; c < 40; c++) {
            schema = schema.add("c" + c, LongType.LONG);
        }
        List<Object[]> rows = IntStream.range(0, 200)
                .mapToObj(i -> IntStream.range(0, 40).mapToObj(c -> (Object) (long) (i * c)).toArray()).toList();

        assertThat(write(layout(schema, 32), rows).statistics().getMaxValues().keySet())
                .containsExactlyInAnyOrderElementsOf(columns("c", 0, 32));
        assertThat(write(layout(schema, 5), rows).statistics().getNullCount().keySet())
                .containsExactlyInAnyOrderElementsOf(columns("c", 0, 5));
        DataFileStatistics all = write(layout(schema, -1), rows).statistics();
        assertThat(all.getMinValues().keySet()).containsExactlyInAnyOrderElementsOf(columns("c", 0, 40));
        assertThat(all.getMaxValues()).containsEntry(new Column("c39"), Literal.ofLong(199L * 39));
    }

    private static List<Column> columns(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(c -> new Column(prefix + c)).toList();
    }

    @Test
    void nestedLeavesCountOneByOneAndArraysTakeASlotWithoutStatistics() throws Exception {
        StructType schema = new StructType()
                .add("a", IntegerType.INTEGER)
                .add("arr", new ArrayType(IntegerType.INTEGER, true))
                .add("s", new StructType().add("x", IntegerType.INTEGER).add("y", IntegerType.INTEGER))
                .add("z", IntegerType.INTEGER);
        List<Object[]> rows = IntStream.range(0, 150)
                .mapToObj(i -> new Object[] {i, new Object[] {i}, new Object[] {-i, i}, i}).toList();

        DataFileStatistics stats = write(layout(schema, 3), rows).statistics();
        List<Column> indexed = List.of(new Column("a"), new Column(new String[] {"s", "x"}));
        assertThat(stats.getMinValues().keySet()).containsExactlyInAnyOrderElementsOf(indexed);
        assertThat(stats.getNullCount().keySet()).containsExactlyInAnyOrderElementsOf(indexed);
        assertThat(stats.getMinValues()).containsEntry(new Column(new String[] {"s", "x"}), Literal.ofInt(-149));
    }

    @Test
    void partitionColumnsAreNotInTheFileAndGetNoStatistics() throws Exception {
        StructType schema = new StructType().add("seq", LongType.LONG).add("region", StringType.STRING);
        TableLayout layout = layout(schema, 32, "region");
        List<Object[]> rows = IntStream.range(0, 10).mapToObj(i -> new Object[] {(long) i, "eu"}).toList();

        DataFileStatistics stats = write(layout, rows).statistics();
        assertThat(stats.getMinValues()).containsOnlyKeys(new Column("seq"));
        assertThat(stats.getNullCount()).containsOnlyKeys(new Column("seq"));
    }

    @Test
    void aColumnWhoseStatisticsParquetDidNotKeepGetsNone() throws Exception {
        // The sink's writer keeps statistics for every column, so parquet-mr's own writer leaves them out here.
        StructType schema = new StructType().add("seq", LongType.LONG).add("quiet", LongType.LONG);
        MessageType parquetSchema = ParquetSchemas.messageType(schema.fields());
        Path path = newPath();
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(path, conf))
                .withConf(conf).withType(parquetSchema).withStatisticsEnabled("quiet", false).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(parquetSchema);
            for (int i = 0; i < 300; i++) {
                writer.write(groups.newGroup().append("seq", (long) i).append("quiet", (long) -i));
            }
        }
        ParquetMetadata footer;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
            footer = reader.getFooter();
        }

        DataFileStatistics stats = new ParquetFooterStatistics(schema.fields(), 32).of(footer, 300);
        assertThat(stats.getMinValues()).containsOnlyKeys(new Column("seq")).containsEntry(new Column("seq"), Literal.ofLong(0));
        assertThat(stats.getMaxValues()).containsOnlyKeys(new Column("seq")).containsEntry(new Column("seq"), Literal.ofLong(299));
        assertThat(stats.getNullCount()).containsOnlyKeys(new Column("seq"));
    }

    @Test
    void theIndexedColumnCountComesFromTheTablePropertyOrItsDefault() {
        String key = ParquetFooterStatistics.NUM_INDEXED_COLS_PROPERTY;
        assertThat(ParquetFooterStatistics.numIndexedColumns(Map.of())).isEqualTo(32);
        assertThat(ParquetFooterStatistics.numIndexedColumns(Map.of(key, "5"))).isEqualTo(5);
        assertThat(ParquetFooterStatistics.numIndexedColumns(Map.of(key, "-1"))).isEqualTo(-1);
        assertThat(ParquetFooterStatistics.numIndexedColumns(Map.of(key, "0"))).isZero();
        assertThat(ParquetFooterStatistics.numIndexedColumns(Map.of(key, "-7"))).isEqualTo(32);
        assertThat(ParquetFooterStatistics.numIndexedColumns(Map.of(key, "many"))).isEqualTo(32);
    }
}
