package dev.medallion.sql.avro;

import org.apache.avro.Schema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroSchemaConverter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Writes table rows as registry-framed Avro: the table's Avro schema (flink-avro's mapping of the row type) is
 * registered in Apicurio Registry as a version of {@code groupId/artifactId} when the task opens, and its id precedes
 * every value, so Connect's Apicurio converter and Apicurio's deserializers read the records.
 */
public final class AvroApicurioSerializationSchema implements SerializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private final String recordName;
    private final String url;
    private final IdEncoding idEncoding;
    private final IdKind idKind;
    private final String groupId;
    private final String artifactId;
    private final boolean autoRegister;
    private transient AvroRowEncoder encoder;
    private transient long schemaId;

    public AvroApicurioSerializationSchema(RowType rowType, String recordName, String url, IdEncoding idEncoding,
                                           IdKind idKind, String groupId, String artifactId, boolean autoRegister) {
        this.rowType = Objects.requireNonNull(rowType, "rowType");
        this.recordName = Objects.requireNonNull(recordName, "recordName");
        this.url = Objects.requireNonNull(url, "url");
        this.idEncoding = Objects.requireNonNull(idEncoding, "idEncoding");
        this.idKind = Objects.requireNonNull(idKind, "idKind");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.artifactId = Objects.requireNonNull(artifactId, "artifactId");
        this.autoRegister = autoRegister;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        // The top-level record itself is never null (a union there would not be a record for readers).
        RowType root = (RowType) rowType.copy(false);
        Schema schema = AvroSchemaConverter.convertToSchema(root, recordName, false);
        try (RegistrySchemas registry = new RegistrySchemas(url, idKind)) {
            schemaId = registry.idOf(groupId, artifactId, schema, autoRegister);
        }
        encoder = new AvroRowEncoder(root, schema);
    }

    @Override
    public byte[] serialize(RowData row) {
        try {
            if (encoder == null) {
                open(null);
            }
            byte[] value = encoder.encode(row, idEncoding.headerLength());
            idEncoding.writeHeader(value, schemaId);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the row as Avro for " + groupId + "/" + artifactId, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write the row as Avro for " + groupId + "/" + artifactId, e);
        }
    }
}
