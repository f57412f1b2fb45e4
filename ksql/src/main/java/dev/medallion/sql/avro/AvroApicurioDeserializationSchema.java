package dev.medallion.sql.avro;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.util.Objects;

/**
 * Reads registry-framed Avro record values ({@link IdEncoding}) into table rows: the writer's schema is fetched from
 * Apicurio Registry by the id in the value, then resolved to the table's columns by name. A value that is not framed
 * this way, or whose schema is unknown, fails the job with the reason (nothing is skipped silently).
 */
public final class AvroApicurioDeserializationSchema implements DeserializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private final TypeInformation<RowData> producedType;
    private final String url;
    private final IdEncoding idEncoding;
    private final IdKind idKind;
    private transient RegistrySchemas registry;
    private transient AvroRowDecoder decoder;

    public AvroApicurioDeserializationSchema(RowType rowType, TypeInformation<RowData> producedType, String url,
                                             IdEncoding idEncoding, IdKind idKind) {
        this.rowType = Objects.requireNonNull(rowType, "rowType");
        this.producedType = Objects.requireNonNull(producedType, "producedType");
        this.url = Objects.requireNonNull(url, "url");
        this.idEncoding = Objects.requireNonNull(idEncoding, "idEncoding");
        this.idKind = Objects.requireNonNull(idKind, "idKind");
    }

    @Override
    public void open(InitializationContext context) {
        registry = new RegistrySchemas(url, idKind);
        decoder = new AvroRowDecoder(rowType);
    }

    @Override
    public RowData deserialize(byte[] message) throws IOException {
        if (message == null) {
            return null;
        }
        if (registry == null) {
            open(null);
        }
        long id = idEncoding.readId(message);
        int offset = idEncoding.headerLength();
        return decoder.decode(registry.schema(id), message, offset, message.length - offset);
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
