package dev.medallion.sql.avro;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.util.Set;

/**
 * Flink SQL format {@code avro-apicurio}: Avro values framed with a schema id of Apicurio Registry, the same bytes
 * Connect's Apicurio {@code AvroConverter} and Apicurio's Kafka serdes write and read when they keep the id in the
 * value ({@code apicurio.registry.headers.enabled=false}). Options (prefix {@code avro-apicurio.} in a table's WITH):
 * {@code url}, {@code id-encoding}, {@code use-id}, {@code group-id}, {@code artifact-id}, {@code auto-register},
 * {@code record-name}; see sql/README.md and docs/avro-apicurio.md.
 */
public final class AvroApicurioFormatFactory implements DeserializationFormatFactory, SerializationFormatFactory {
    public static final String IDENTIFIER = "avro-apicurio";

    public static final ConfigOption<String> URL = ConfigOptions.key("url").stringType().noDefaultValue()
            .withDescription("Apicurio Registry v2 API, e.g. http://apicurio:8080/apis/registry/v2.");
    public static final ConfigOption<String> ID_ENCODING = ConfigOptions.key("id-encoding").stringType()
            .defaultValue(IdEncoding.EIGHT_BYTE.option())
            .withDescription("'8-byte' (Apicurio's default payload id) or '4-byte' (Confluent framing, Apicurio's"
                    + " apicurio.registry.as-confluent=true).");
    public static final ConfigOption<String> USE_ID = ConfigOptions.key("use-id").stringType()
            .defaultValue(IdKind.GLOBAL_ID.option())
            .withDescription("'globalId' or 'contentId': the id kind in the value (apicurio.registry.use-id).");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("group-id").stringType()
            .defaultValue("default").withDescription("Registry group of the schema a sink registers.");
    public static final ConfigOption<String> ARTIFACT_ID = ConfigOptions.key("artifact-id").stringType()
            .noDefaultValue()
            .withDescription("Artifact of the schema a sink registers; default '<topic>-value' (Apicurio's"
                    + " TopicIdStrategy, as the converter uses).");
    public static final ConfigOption<Boolean> AUTO_REGISTER = ConfigOptions.key("auto-register").booleanType()
            .defaultValue(true)
            .withDescription("Sink: register the table's schema (or reuse an identical version); false = it must exist.");
    public static final ConfigOption<String> RECORD_NAME = ConfigOptions.key("record-name").stringType()
            .defaultValue("record").withDescription("Sink: full name of the Avro record written.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(URL);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(ID_ENCODING, USE_ID, GROUP_ID, ARTIFACT_ID, AUTO_REGISTER, RECORD_NAME);
    }

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(DynamicTableFactory.Context context,
                                                                              ReadableConfig options) {
        FactoryUtil.validateFactoryOptions(this, options);
        String url = options.get(URL);
        IdEncoding encoding = idEncoding(options);
        IdKind kind = idKind(options);
        return new DecodingFormat<>() {
            @Override
            public DeserializationSchema<RowData> createRuntimeDecoder(DynamicTableSource.Context source,
                                                                       DataType physicalType) {
                return new AvroApicurioDeserializationSchema((RowType) physicalType.getLogicalType(),
                        source.createTypeInformation(physicalType), url, encoding, kind);
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }

    @Override
    public EncodingFormat<SerializationSchema<RowData>> createEncodingFormat(DynamicTableFactory.Context context,
                                                                            ReadableConfig options) {
        FactoryUtil.validateFactoryOptions(this, options);
        String artifactId = options.getOptional(ARTIFACT_ID).orElseGet(() -> {
            String topic = context.getCatalogTable().getOptions().get("topic");
            if (topic == null || topic.contains(";") || topic.isBlank()) {
                throw new ValidationException("Format " + IDENTIFIER + " needs '" + IDENTIFIER + "."
                        + ARTIFACT_ID.key() + "' when the table has no single 'topic'");
            }
            return topic + "-value";
        });
        String url = options.get(URL);
        IdEncoding encoding = idEncoding(options);
        IdKind kind = idKind(options);
        String groupId = options.get(GROUP_ID);
        boolean autoRegister = options.get(AUTO_REGISTER);
        String recordName = options.get(RECORD_NAME);
        return new EncodingFormat<>() {
            @Override
            public SerializationSchema<RowData> createRuntimeEncoder(DynamicTableSink.Context sink, DataType physicalType) {
                return new AvroApicurioSerializationSchema((RowType) physicalType.getLogicalType(), recordName, url,
                        encoding, kind, groupId, artifactId, autoRegister);
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }

    private static IdEncoding idEncoding(ReadableConfig options) {
        try {
            return IdEncoding.fromOption(options.get(ID_ENCODING));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(IDENTIFIER + "." + ID_ENCODING.key() + ": " + e.getMessage(), e);
        }
    }

    private static IdKind idKind(ReadableConfig options) {
        try {
            return IdKind.fromOption(options.get(USE_ID));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(IDENTIFIER + "." + USE_ID.key() + ": " + e.getMessage(), e);
        }
    }
}
