package dev.medallion.delta.sink.write;

import io.delta.kernel.expressions.Literal;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;
import java.util.Map;

/**
 * Writes one Parquet data file of one table partition. Rows go straight into parquet-mr's column writers; the file is
 * invisible to readers until its {@link DataFile} is committed to the Delta log, so an abandoned file is harmless.
 */
public final class DataFileWriter {
    private final ParquetWriter<Object[]> writer;
    private final Path path;
    private final Configuration conf;
    private final Map<String, Literal> partition;
    private final TableLayout layout;
    private long records;
    /**
     * Dictionary budget per column chunk. Low-cardinality columns (types, regions, currencies) fit easily; unique ones
     * (ids, timestamps, measurements) overflow it after a few thousand values and fall back to plain encoding, instead
     * of building and rehashing a 1 MiB (parquet-mr default) dictionary first and re-encoding it at close.
     */
    static final int DICTIONARY_PAGE_BYTES = 128 * 1024;
    /** parquet-mr's own key; set through the connector as {@code hadoop.parquet.dictionary.page.size} to override. */
    static final String DICTIONARY_PAGE_SIZE_KEY = "parquet.dictionary.page.size";

    public DataFileWriter(Configuration conf, Path path, TableLayout layout, Map<String, Literal> partition,
                          CompressionCodecName codec, int rowGroupSize) throws IOException {
        this.path = path;
        this.conf = conf;
        this.partition = partition;
        this.layout = layout;
        RowWriteSupport support = new RowWriteSupport(layout.parquetSchema(), layout.dataFields(), layout.dataColumnIndexes());
        this.writer = new Builder(HadoopOutputFile.fromPath(path, conf), support)
                .withConf(conf)
                .withCompressionCodec(codec)
                .withRowGroupSize((long) rowGroupSize)
                .withPageSize(1024 * 1024)
                .withDictionaryEncoding(true)
                .withDictionaryPageSize(conf.getInt(DICTIONARY_PAGE_SIZE_KEY, DICTIONARY_PAGE_BYTES))
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withValidation(false)
                .build();
    }

    public void write(Object[] row) throws IOException {
        writer.write(row);
        records++;
    }

    public Path path() {
        return path;
    }

    public long records() {
        return records;
    }

    public TableLayout layout() {
        return layout;
    }

    /** Encoded bytes so far (buffered and flushed), to decide when to roll to a new file. */
    public long dataSize() {
        return writer.getDataSize();
    }

    public DataFile finish() throws IOException {
        writer.close();
        FileSystem fs = path.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(path);
        // parquet-mr kept each column chunk's statistics in the footer it just wrote: no second read of the file.
        return new DataFile(fs.makeQualified(path).toString(), status.getLen(), status.getModificationTime(), partition,
                layout.statistics().of(writer.getFooter(), records));
    }

    /** Closes the file without reporting errors; used when its rows will be re-read from Kafka anyway. */
    public void closeQuietly() {
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // The rows are re-read and rewritten; this file is at worst an orphan that no reader sees.
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final RowWriteSupport support;

        Builder(OutputFile file, RowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}
